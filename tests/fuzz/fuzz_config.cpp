// Fuzz target: the configuration file (YAML) through config::Parse and, for every collector
// section it names, that collector's strict options parser, as the exporter does at start-up
// and on reload (the sg_changes SQLite file and token file are not opened: only parsing is the
// attack surface here). Then what the app derives from a parsed config: each account's role ARN
// and regions, and durations printed back.
// Any crash, sanitizer report or exception escaping is a bug: a bad file must end as errors
// naming file, line, column and key path.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/ami_references/ami_options.h"
#include "collectors/inspector_coverage/inspector_options.h"
#include "collectors/ipam/ipam_options.h"
#include "collectors/sg_changes/sg_options.h"
#include "collectors/tgw_shares/tgw_options.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"
#include "tests/fuzz/fuzz_log.h"

namespace awsgov::fuzz {
namespace {

const std::vector<std::string>& KnownCollectors() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const CollectorInfo& info : AllCollectors()) out.emplace_back(info.name);
    return out;
  }();
  return names;
}

void ParseCollectorOptions(const config::CollectorConfig& collector, config::ErrorList* errors) {
  if (collector.name == "ami_references") {
    (void)ami::ParseAmiOptions(collector, errors);
  } else if (collector.name == "inspector_coverage") {
    (void)inspector::ParseInspectorOptions(collector, errors);
  } else if (collector.name == "ipam") {
    (void)ipam::ParseIpamOptions(collector, errors);
  } else if (collector.name == "sg_changes") {
    (void)sg::ParseSgOptions(collector, errors);
  } else if (collector.name == "tgw_shares") {
    (void)tgw::ParseTgwOptions(collector, errors);
  }
}

}  // namespace
}  // namespace awsgov::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsgov;
  fuzz::ConfigureLogging(size);
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  config::ErrorList errors("fuzz.yml");
  std::optional<config::Config> parsed =
      config::Parse(yaml, "fuzz.yml", fuzz::KnownCollectors(), &errors);
  (void)errors.ToString();
  if (!parsed) return 0;
  for (const auto& [name, collector] : parsed->collectors) {
    config::ErrorList collector_errors("fuzz.yml");
    fuzz::ParseCollectorOptions(collector, &collector_errors);
    (void)collector_errors.ToString();
  }
  for (const config::Account& account : parsed->accounts) {
    (void)config::RoleArnFor(parsed->aws, account.id);
    (void)config::RegionsFor(*parsed, account);
  }
  (void)config::FormatDuration(parsed->aws.session_duration);
  (void)config::FormatDuration(parsed->discovery.refresh_interval);
  return 0;
}
