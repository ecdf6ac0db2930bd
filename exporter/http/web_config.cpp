#include "exporter/http/web_config.h"

#include <openssl/tls1.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>

#include "exporter/config/yaml_documents.h"
#include "exporter/config/yaml_reader.h"
#include "exporter/http/tls_material.h"
#include "exporter/http/tls_names.h"

namespace awsgov::http {
namespace {

using config::ErrorList;
using config::MapReader;

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

// exporter-toolkit's allow-list: a header it does not name cannot be set, and the ones with fixed
// meanings take only those values (compared exactly, as Go does: "DENY" is refused).
struct AllowedHeader {
  std::string_view name;
  std::vector<std::string_view> values;  // empty: any value
};

const std::vector<AllowedHeader>& AllowedHeaders() {
  static const std::vector<AllowedHeader> headers = {
      {"Strict-Transport-Security", {}},
      {"X-Content-Type-Options", {"nosniff"}},
      {"X-Frame-Options", {"deny", "sameorigin"}},
      {"X-XSS-Protection", {}},
      {"Content-Security-Policy", {}},
  };
  return headers;
}

std::string CheckHeader(const std::string& name, const std::string& value) {
  for (const AllowedHeader& allowed : AllowedHeaders()) {
    if (allowed.name != name) continue;
    if (allowed.values.empty()) return "";
    std::string want;
    for (std::string_view v : allowed.values) {
      if (v == value) return "";
      want += (want.empty() ? "" : ", ") + Quote(v);
    }
    return "invalid value " + Quote(value) + " (want one of: " + want + ")";
  }
  std::string names;
  for (const AllowedHeader& allowed : AllowedHeaders()) {
    names += (names.empty() ? "" : ", ") + std::string(allowed.name);
  }
  return "header " + Quote(name) + " cannot be configured (want one of: " + names + ")";
}

// Booleans as Go's yaml.v2 reads them (YAML 1.1: yes/no/on/off too), unquoted only.
bool ReadBool(MapReader& r, const std::string& key, bool* out) {
  const YAML::Node node = r.Node(key);
  if (!node.IsDefined()) return false;
  static constexpr std::string_view kTrue[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                               "True", "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view kFalse[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                                "False", "FALSE", "off", "Off", "OFF"};
  if (node.IsScalar() && node.Tag() == "?") {
    const std::string& text = node.Scalar();
    const bool is_true = std::find(std::begin(kTrue), std::end(kTrue), text) != std::end(kTrue);
    const bool is_false = std::find(std::begin(kFalse), std::end(kFalse), text) != std::end(kFalse);
    if (is_true || is_false) {
      *out = is_true;
      return true;
    }
  }
  if (node.IsNull()) return false;  // Go leaves the default
  r.Error(key, "expected true or false, got " + config::DescribeNode(node));
  return false;
}

// A string as Go's yaml.v2 reads one: any scalar; null leaves the default (no error).
bool ReadString(MapReader& r, const std::string& key, std::string* out,
                const config::StringCheck& check = {}) {
  const YAML::Node node = r.Node(key);
  if (!node.IsDefined() || node.IsNull()) return false;
  return r.String(key, out, check);
}

// Go's filepath.Join(dir of the web config, path) for relative paths.
std::string Resolve(const std::string& config_file, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const std::filesystem::path dir = std::filesystem::path(config_file).parent_path();
  if (dir.empty()) return path;
  return (dir / path).lexically_normal().string();
}

void ParseTls(MapReader r, const std::string& file, TlsServerConfig* tls) {
  std::string cert_file, key_file, client_ca_file, client_auth;
  ReadString(r, "cert_file", &cert_file);
  ReadString(r, "key_file", &key_file);
  ReadString(r, "client_ca_file", &client_ca_file);
  ReadString(r, "client_auth_type", &client_auth);
  tls->enabled =
      !cert_file.empty() || !key_file.empty() || !client_ca_file.empty() || !client_auth.empty();
  tls->cert_file = Resolve(file, cert_file);
  tls->key_file = Resolve(file, key_file);
  tls->client_ca_file = Resolve(file, client_ca_file);

  struct AuthName {
    std::string_view name;
    ClientAuth value;
  };
  // "RequireClientCert" is exporter-toolkit's old spelling of RequireAnyClientCert.
  static constexpr AuthName kAuth[] = {
      {"NoClientCert", ClientAuth::kNoClientCert},
      {"RequestClientCert", ClientAuth::kRequestClientCert},
      {"RequireAnyClientCert", ClientAuth::kRequireAnyClientCert},
      {"RequireClientCert", ClientAuth::kRequireAnyClientCert},
      {"VerifyClientCertIfGiven", ClientAuth::kVerifyClientCertIfGiven},
      {"RequireAndVerifyClientCert", ClientAuth::kRequireAndVerifyClientCert},
  };
  if (!client_auth.empty()) {
    bool known = false;
    for (const AuthName& a : kAuth) {
      if (a.name != client_auth) continue;
      tls->client_auth = a.value;
      known = true;
    }
    if (!known) {
      r.Error("client_auth_type",
              "invalid value " + Quote(client_auth) +
                  " (want one of: NoClientCert, RequestClientCert, RequireAnyClientCert, "
                  "VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
    }
  }

  tls->min_version = TLS1_2_VERSION;
  for (auto [key, version] :
       {std::pair{"min_version", &tls->min_version}, std::pair{"max_version", &tls->max_version}}) {
    std::string name;
    int* out = version;  // clang before 16 cannot capture a structured binding (the fuzz build)
    ReadString(r, key, &name, [out](std::string_view v) -> std::string {
      if (LookupTlsVersion(v, out)) return "";
      return "unknown TLS version " + Quote(v) + " (want one of: TLS10, TLS11, TLS12, TLS13)";
    });
  }
  r.StringList("cipher_suites", &tls->cipher_suites, [](std::string_view v) -> std::string {
    std::string ignored;
    if (LookupCipherSuite(v, &ignored)) return "";
    return "unknown cipher suite " + Quote(v) + " (want a name of Go's tls.CipherSuites())";
  });
  r.StringList("curve_preferences", &tls->curve_preferences, [](std::string_view v) -> std::string {
    std::string ignored;
    if (LookupCurve(v, &ignored)) return "";
    return "unknown curve " + Quote(v) + " (want one of: CurveP256, CurveP384, CurveP521, X25519)";
  });
  ReadBool(r, "prefer_server_cipher_suites", &tls->prefer_server_cipher_suites);
  r.Finish();

  if (!tls->enabled) return;
  if (cert_file.empty()) r.Error("cert_file", "missing (TLS is configured: set cert_file)");
  if (key_file.empty()) r.Error("key_file", "missing (TLS is configured: set key_file)");
  if (!client_ca_file.empty() && tls->client_auth == ClientAuth::kNoClientCert) {
    r.Error("client_ca_file",
            "a client CA is configured without a client_auth_type that asks for certificates");
  }
}

void ParseHttp(MapReader r, WebConfig* web) {
  ReadBool(r, "http2", &web->http2);
  MapReader headers = r.Map("headers");
  headers.ForEach([&](const std::string& name, const YAML::Node&) {
    std::string value;
    if (!ReadString(headers, name, &value)) return;
    if (std::string problem = CheckHeader(name, value); !problem.empty()) {
      headers.Error(name, problem);
      return;
    }
    web->headers.emplace_back(name, value);
  });
  headers.Finish();
  r.Finish();
}

void ParseUsers(MapReader& root, WebConfig* web) {
  const YAML::Node node = root.Node("basic_auth_users");  // also marks the key as known
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    // Not DescribeNode: a scalar here may well be a password pasted in the wrong place.
    root.Error("basic_auth_users", "expected a mapping of user names to bcrypt hashes");
    return;
  }
  MapReader users = root.Map("basic_auth_users");
  std::map<std::string, std::string> parsed;
  users.ForEach([&](const std::string& user, const YAML::Node& value) {
    // An empty hash is "too short", as in Go; the hash itself is never quoted in an error.
    std::string hash = value.IsScalar() ? value.Scalar() : std::string();
    if (!value.IsNull() && !value.IsScalar()) {
      users.Error(user, "expected a bcrypt hash, got " + config::DescribeNode(value));
      return;
    }
    if (std::string problem = CheckBcryptHash(hash); !problem.empty()) {
      users.Error(user, problem);
      return;
    }
    parsed[user] = std::move(hash);
  });
  users.Finish();
  web->basic_auth_users = std::move(parsed);
}

int LineOf(const YAML::Mark& mark) { return mark.line >= 0 ? mark.line + 1 : 0; }
int ColumnOf(const YAML::Mark& mark) { return mark.column >= 0 ? mark.column + 1 : 0; }

}  // namespace

std::string CheckBcryptHash(const std::string& hash) {
  // Go's bcrypt.Cost: 59 bytes at least, "$" + major version 2 (+ optional minor) + "$" + a
  // two-digit cost from 4 to 31. libcrypt verifies $2a$, $2b$, $2x$ and $2y$.
  if (hash.size() < 59) return "not a bcrypt hash (too short)";
  if (hash[0] != '$') return "not a bcrypt hash (want it to start with $2y$, $2b$ or $2a$)";
  if (hash[1] > '2') return "not a bcrypt hash (bcrypt version above 2)";
  std::size_t n = 3;
  if (hash[2] != '$') n = 4;
  const std::string cost = hash.substr(n, 2);
  if (cost.size() != 2 || cost[0] < '0' || cost[0] > '9' || cost[1] < '0' || cost[1] > '9') {
    return "not a bcrypt hash (no cost)";
  }
  const int value = (cost[0] - '0') * 10 + (cost[1] - '0');
  if (value < 4 || value > 31) {
    return "bcrypt cost " + std::to_string(value) + " is outside the allowed range 4..31";
  }
  return "";
}

std::optional<WebConfig> ParseWebConfig(const std::string& yaml, const std::string& file,
                                        config::ErrorList* errors) {
  ErrorList local(file);
  WebConfig web;
  web.file = file;
  try {
    const std::vector<YAML::Node> documents = config::LoadAllDocuments(yaml);
    if (documents.size() > 1) {
      config::AddErrorAt(&local, documents[1], "", "more than one YAML document");
    }
    MapReader root(documents.empty() ? YAML::Node() : documents[0], "", &local);
    ParseTls(root.Map("tls_server_config"), file, &web.tls);
    ParseHttp(root.Map("http_server_config"), &web);
    ParseUsers(root, &web);
    root.Finish();
  } catch (const YAML::ParserException& e) {
    local.Add(LineOf(e.mark), ColumnOf(e.mark), "", "invalid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    local.Add(LineOf(e.mark), ColumnOf(e.mark), "", "internal error reading YAML: " + e.msg);
  }
  if (!local.empty()) {
    errors->Append(local);
    return std::nullopt;
  }
  return web;
}

std::optional<WebConfig> LoadWebConfig(const std::string& path, config::ErrorList* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->Add(
        config::ConfigError{path, 0, 0, "", std::string("cannot read: ") + std::strerror(errno)});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    errors->Add(config::ConfigError{path, 0, 0, "", "cannot read: I/O error"});
    return std::nullopt;
  }
  std::optional<WebConfig> web = ParseWebConfig(text.str(), path, errors);
  if (web && web->tls.enabled) {
    std::shared_ptr<const TlsMaterial> material;
    if (Status s = TlsMaterial::Load(web->tls, &material); !s.ok()) {
      errors->Add(config::ConfigError{path, 0, 0, "", s.message()});
      return std::nullopt;
    }
  }
  return web;
}

}  // namespace awsgov::http
