// Fuzz target: the --web.config.file parser (exporter-toolkit's format): structure, TLS versions,
// cipher suite and curve names, client_auth_type, headers and their allow-list, basic_auth_users
// and the bcrypt hash check. ParseWebConfig reads no file, so the input is the YAML alone.
// Any crash, sanitizer report or exception escaping is a bug: a bad file must end as errors
// naming file, line, column and key path (and never quoting a hash).
#include <cstdint>
#include <string>

#include "exporter/config/errors.h"
#include "exporter/http/web_config.h"
#include "tests/fuzz/fuzz_log.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsgov;
  fuzz::ConfigureLogging(size);
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  config::ErrorList errors("/fuzz/web-config.yml");
  std::optional<http::WebConfig> parsed =
      http::ParseWebConfig(yaml, "/fuzz/web-config.yml", &errors);
  (void)errors.ToString();
  if (parsed && parsed->basic_auth_users) {
    for (const auto& [user, hash] : *parsed->basic_auth_users) (void)http::CheckBcryptHash(hash);
  }
  return 0;
}
