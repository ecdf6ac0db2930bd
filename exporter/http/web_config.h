// --web.config.file: exporter-toolkit's web configuration (the format Prometheus and its exporters
// share), read strictly so that a typo never silently turns TLS or authentication off:
//
//   tls_server_config:      cert_file, key_file, client_auth_type, client_ca_file, min_version,
//                           max_version, cipher_suites, curve_preferences,
//                           prefer_server_cipher_suites
//   http_server_config:     http2, headers (an allow-list of security headers)
//   basic_auth_users:       user -> bcrypt hash
//
// Verdicts follow `promtool check web-config` (Prometheus 2.42, exporter-toolkit 0.8): the same
// keys, names and value checks; TLS is on when any of cert_file, key_file, client_auth_type or
// client_ca_file is set, and then the certificate and key must load and match and the client CA
// file must be readable. Relative paths are resolved against the web-config file's directory.
// Errors name file, line, column and key path, and never quote a password hash.
//
// Thread-safety: value types; the functions keep no state.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exporter/config/errors.h"

namespace awsgov::http {

// Go's crypto/tls ClientAuthType, under exporter-toolkit's names.
enum class ClientAuth {
  kNoClientCert,                // no certificate asked for
  kRequestClientCert,           // asked for, not required, not verified
  kRequireAnyClientCert,        // required, not verified
  kVerifyClientCertIfGiven,     // not required; verified against the client CA when sent
  kRequireAndVerifyClientCert,  // required and verified against the client CA
};

struct TlsServerConfig {
  bool enabled = false;   // any of cert_file, key_file, client_auth_type, client_ca_file set
  std::string cert_file;  // resolved paths
  std::string key_file;
  std::string client_ca_file;  // empty: none
  ClientAuth client_auth = ClientAuth::kNoClientCert;
  int min_version = 0;  // OpenSSL's TLS1_2_VERSION etc.; set by the parser (default TLS 1.2)
  int max_version = 0;  // 0: the newest OpenSSL has
  // IANA / Go names as written; TLS 1.3 suites are accepted and, as in Go, not configurable.
  std::vector<std::string> cipher_suites;
  std::vector<std::string> curve_preferences;  // Go names: CurveP256, CurveP384, CurveP521, X25519
  bool prefer_server_cipher_suites = true;
};

struct WebConfig {
  std::string file;
  TlsServerConfig tls;
  bool http2 = true;  // accepted for compatibility; civetweb serves HTTP/1.1 only
  // Added to every response, the 401s included.
  std::vector<std::pair<std::string, std::string>> headers;
  // Absent (or null): no authentication. Present, even empty: every request must authenticate
  // (an empty map lets nobody in, as in exporter-toolkit). Values are bcrypt hashes: secrets,
  // never logged.
  std::optional<std::map<std::string, std::string>> basic_auth_users;
};

// Parses `yaml` as the web config `file` (used for positions and to resolve relative paths).
// Checks structure and values only; no file is read.
std::optional<WebConfig> ParseWebConfig(const std::string& yaml, const std::string& file,
                                        config::ErrorList* errors);
// Reads and parses `path`, then, when TLS is on, loads the certificate, key and client CA as the
// server would (see tls_material.h).
std::optional<WebConfig> LoadWebConfig(const std::string& path, config::ErrorList* errors);

// promtool's check of a bcrypt hash (Go's bcrypt.Cost): "" when acceptable, else the problem.
std::string CheckBcryptHash(const std::string& hash);

}  // namespace awsgov::http
