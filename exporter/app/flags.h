// Command-line flags, spelled as Prometheus exporters spell them. The --collector.<name> and
// --no-collector.<name> flags are generated from the collector registry.
// Thread-safety: a value type, parsed once at start-up.
#pragma once

#include <cstdint>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "exporter/app/sharding.h"
#include "exporter/core/collector.h"
#include "exporter/core/status.h"

namespace awsgov {

inline constexpr const char* kDefaultListenAddress = ":9955";

struct Flags {
  std::string listen_address = kDefaultListenAddress;
  std::string telemetry_path = "/metrics";
  std::string config_file;      // empty: the embedded demo
  std::string web_config_file;  // empty: plain HTTP, no authentication
  std::string log_level = "info";
  std::string log_format = "logfmt";
  std::string shard_index = "0";
  std::string shard_count = "1";
  Shard shard;  // parsed from shard_index and shard_count
  // HA (ha_lease.h): a lease table elects one collecting replica per shard; empty: no HA.
  std::string ha_lease_table;
  std::string ha_lease_account_id;
  std::string ha_lease_region;
  std::string ha_lease_duration = "15";  // seconds
  std::string ha_replica_id;             // default: <hostname>-<pid>
  std::uint32_t ha_lease_seconds = 15;   // parsed from ha_lease_duration
  // TESTING ONLY (--testing.collection-interval): replaces every target's interval, below the
  // config's 10 s minimum, so that soak and fault-injection tests run many cycles quickly. Zero:
  // the configured intervals. Timeouts stay as configured.
  std::string testing_collection_interval_text;
  std::chrono::milliseconds testing_collection_interval{0};
  bool check_config = false;
  bool print_iam_policy = false;
  bool version = false;
  bool help = false;
  // Collectors switched on or off on the command line; absent: config, then the default.
  std::map<std::string, bool> collector_overrides;
};

// Accepts "--flag=value" and "--flag value"; boolean flags take no value.
Status ParseFlags(const std::vector<std::string>& args,
                  const std::vector<CollectorInfo>& collectors, Flags* out);
std::string Usage(const std::vector<CollectorInfo>& collectors);

}  // namespace awsgov
