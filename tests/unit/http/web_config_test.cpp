#include "exporter/http/web_config.h"

#include <gtest/gtest.h>
#include <openssl/tls1.h>

#include <string>
#include <vector>

namespace awsgov::http {
namespace {

// A syntactically valid bcrypt hash (cost 4) for the parser; no password is verified here.
constexpr const char* kHash = "$2b$04$CQWeMDoh1yQAAV3N85/I2uSYP32Y1YNwqIJqBFgedgF9TiY/IKgTa";

std::string Errors(const std::string& yaml, const std::string& file = "web.yml") {
  config::ErrorList errors(file);
  std::optional<WebConfig> web = ParseWebConfig(yaml, file, &errors);
  EXPECT_EQ(web.has_value(), errors.empty());
  return errors.ToString();
}

struct BadCase {
  const char* yaml;
  const char* error;  // the whole error text
};

TEST(WebConfigTest, RejectsWithErrorsNamingFileLineAndKey) {
  const std::vector<BadCase> cases = {
      {"rate_limit: {interval: 1s}",
       "web.yml:1:1: rate_limit: unknown key (want one of: basic_auth_users, "
       "http_server_config, tls_server_config)"},
      {"tls_server_config:\n  cert: a",
       "web.yml:2:3: tls_server_config.cert: unknown key (want one of: cert_file, cipher_suites, "
       "client_auth_type, client_ca_file, curve_preferences, key_file, max_version, min_version, "
       "prefer_server_cipher_suites)"},
      {"tls_server_config: {key_file: k}",
       "web.yml:1:1: tls_server_config.cert_file: missing (TLS is configured: set cert_file)"},
      {"tls_server_config: {cert_file: c}",
       "web.yml:1:1: tls_server_config.key_file: missing (TLS is configured: set key_file)"},
      {"tls_server_config: {client_auth_type: NoClientCert}",
       "web.yml:1:1: tls_server_config.cert_file: missing (TLS is configured: set cert_file)\n"
       "web.yml:1:1: tls_server_config.key_file: missing (TLS is configured: set key_file)"},
      {"tls_server_config: {cert_file: c, key_file: k, client_auth_type: Foo}",
       "web.yml:1:48: tls_server_config.client_auth_type: invalid value \"Foo\" (want one of: "
       "NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, "
       "RequireAndVerifyClientCert)"},
      {"tls_server_config: {cert_file: c, key_file: k, client_ca_file: ca}",
       "web.yml:1:48: tls_server_config.client_ca_file: a client CA is configured without a "
       "client_auth_type that asks for certificates"},
      {"tls_server_config: {cert_file: c, key_file: k, min_version: TLS14}",
       "web.yml:1:48: tls_server_config.min_version: unknown TLS version \"TLS14\" (want one of: "
       "TLS10, TLS11, TLS12, TLS13)"},
      {"tls_server_config: {cert_file: c, key_file: k, max_version: SSL30}",
       "web.yml:1:48: tls_server_config.max_version: unknown TLS version \"SSL30\" (want one of: "
       "TLS10, TLS11, TLS12, TLS13)"},
      {"tls_server_config:\n  cert_file: c\n  key_file: k\n  cipher_suites: "
       "[TLS_RSA_WITH_RC4_128_SHA]",
       "web.yml:4:19: tls_server_config.cipher_suites[0]: unknown cipher suite "
       "\"TLS_RSA_WITH_RC4_128_SHA\" (want a name of Go's tls.CipherSuites())"},
      {"tls_server_config: {cert_file: c, key_file: k, curve_preferences: [P256]}",
       "web.yml:1:68: tls_server_config.curve_preferences[0]: unknown curve \"P256\" (want one "
       "of: CurveP256, CurveP384, CurveP521, X25519)"},
      {"tls_server_config: {cert_file: c, key_file: k, prefer_server_cipher_suites: 1}",
       "web.yml:1:48: tls_server_config.prefer_server_cipher_suites: expected true or false, got "
       "\"1\""},
      {"http_server_config: {headers: {X-Frame-Options: DENY}}",
       "web.yml:1:32: http_server_config.headers.X-Frame-Options: invalid value \"DENY\" (want "
       "one of: \"deny\", \"sameorigin\")"},
      {"http_server_config: {headers: {Server: x}}",
       "web.yml:1:32: http_server_config.headers.Server: header \"Server\" cannot be configured "
       "(want one of: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, "
       "X-XSS-Protection, Content-Security-Policy)"},
      {"http_server_config: {foo: 1}",
       "web.yml:1:22: http_server_config.foo: unknown key (want one of: headers, http2)"},
      {"basic_auth_users:\n  alice: plain",
       "web.yml:2:3: basic_auth_users.alice: not a bcrypt hash (too short)"},
      {"basic_auth_users:\n  alice: '$2b$03$CQWeMDoh1yQAAV3N85/I2uSYP32Y1YNwqIJqBFgedgF9TiY/IKgTa'",
       "web.yml:2:3: basic_auth_users.alice: bcrypt cost 3 is outside the allowed range 4..31"},
      {"basic_auth_users:\n  alice: '$3b$04$CQWeMDoh1yQAAV3N85/I2uSYP32Y1YNwqIJqBFgedgF9TiY/IKgTa'",
       "web.yml:2:3: basic_auth_users.alice: not a bcrypt hash (bcrypt version above 2)"},
      {"basic_auth_users: {a: [x]}",
       "web.yml:1:20: basic_auth_users.a: expected a bcrypt hash, got a list"},
      {"basic_auth_users: {a: x}\nbasic_auth_users: {b: y}",
       "web.yml:2:1: basic_auth_users: duplicate key (first at line 1)\n"
       "web.yml:1:20: basic_auth_users.a: not a bcrypt hash (too short)"},
      {"- a", "web.yml:1:1: expected a mapping, got a list"},
      {"basic_auth_users: hunter2",
       "web.yml:1:1: basic_auth_users: expected a mapping of user names to bcrypt hashes"},
      {"tls_server_config: {cert_file: [a]}",
       "web.yml:1:21: tls_server_config.cert_file: expected a string, got a list"},
      {"a: [", "web.yml:1:1: invalid YAML: end of sequence flow not found"},
  };
  for (const BadCase& c : cases) {
    EXPECT_EQ(Errors(c.yaml), c.error) << c.yaml;
  }
}

// Found by fuzz_config (the same yaml-cpp 0.7 LoadAll loop): a stray ',' is an error, not a hang.
TEST(WebConfigTest, StrayCommaIsAnErrorNotAHang) {
  config::ErrorList errors;
  EXPECT_FALSE(ParseWebConfig("basic_auth_users:\n...\n,", "w.yml", &errors).has_value());
  ASSERT_EQ(errors.errors().size(), 1u) << errors.ToString();
  EXPECT_EQ(errors.errors()[0].ToString(),
            "w.yml:3:1: invalid YAML: unexpected ',' outside a flow collection");
}

TEST(WebConfigTest, NeverQuotesAPasswordHashInErrors) {
  const std::string hash = "$2b$03$CQWeMDoh1yQAAV3N85/I2uSYP32Y1YNwqIJqBFgedgF9TiY/IKgTa";
  const std::string text = Errors("basic_auth_users: {alice: '" + hash + "'}");
  EXPECT_EQ(text.find(hash), std::string::npos);
  EXPECT_EQ(text.find("CQWeMDoh"), std::string::npos);
}

TEST(WebConfigTest, AcceptsEmptyAndNullSections) {
  for (const char* yaml : {"", "tls_server_config:", "tls_server_config: {}",
                           "basic_auth_users:", "http_server_config: {http2: yes}"}) {
    EXPECT_EQ(Errors(yaml), "") << yaml;
  }
  config::ErrorList errors("w.yml");
  std::optional<WebConfig> web = ParseWebConfig("basic_auth_users:", "w.yml", &errors);
  ASSERT_TRUE(web);
  EXPECT_FALSE(web->tls.enabled);
  EXPECT_FALSE(web->basic_auth_users.has_value());  // null: no authentication
  web = ParseWebConfig("basic_auth_users: {}", "w.yml", &errors);
  ASSERT_TRUE(web);
  ASSERT_TRUE(web->basic_auth_users.has_value());  // empty: nobody gets in
  EXPECT_TRUE(web->basic_auth_users->empty());
}

TEST(WebConfigTest, ReadsEveryKeyAndResolvesPathsAgainstTheFile) {
  const std::string yaml = std::string(R"(
tls_server_config:
  cert_file: tls/server.crt
  key_file: /abs/server.key
  client_ca_file: ../ca.crt
  client_auth_type: RequireClientCert
  min_version: TLS13
  max_version: TLS13
  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256]
  curve_preferences: [X25519, CurveP256]
  prefer_server_cipher_suites: false
http_server_config:
  http2: false
  headers:
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  alice: ')") + kHash + "'\n";
  config::ErrorList errors("/etc/awsgov/web.yml");
  std::optional<WebConfig> web = ParseWebConfig(yaml, "/etc/awsgov/web.yml", &errors);
  ASSERT_TRUE(web) << errors.ToString();
  EXPECT_TRUE(web->tls.enabled);
  EXPECT_EQ(web->tls.cert_file, "/etc/awsgov/tls/server.crt");
  EXPECT_EQ(web->tls.key_file, "/abs/server.key");
  EXPECT_EQ(web->tls.client_ca_file, "/etc/ca.crt");
  EXPECT_EQ(web->tls.client_auth, ClientAuth::kRequireAnyClientCert);  // the old spelling
  EXPECT_EQ(web->tls.min_version, TLS1_3_VERSION);
  EXPECT_EQ(web->tls.max_version, TLS1_3_VERSION);
  EXPECT_EQ(web->tls.cipher_suites,
            (std::vector<std::string>{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                      "TLS_AES_128_GCM_SHA256"}));
  EXPECT_EQ(web->tls.curve_preferences, (std::vector<std::string>{"X25519", "CurveP256"}));
  EXPECT_FALSE(web->tls.prefer_server_cipher_suites);
  EXPECT_FALSE(web->http2);
  EXPECT_EQ(web->headers,
            (std::vector<std::pair<std::string, std::string>>{
                {"X-Frame-Options", "deny"}, {"Strict-Transport-Security", "max-age=31536000"}}));
  ASSERT_TRUE(web->basic_auth_users);
  EXPECT_EQ(web->basic_auth_users->at("alice"), kHash);
}

TEST(WebConfigTest, DefaultsAreExporterToolkits) {
  config::ErrorList errors("web.yml");
  std::optional<WebConfig> web =
      ParseWebConfig("tls_server_config: {cert_file: c, key_file: k}", "web.yml", &errors);
  ASSERT_TRUE(web);
  EXPECT_EQ(web->tls.cert_file, "c");  // a file in the working directory stays relative
  EXPECT_EQ(web->tls.min_version, TLS1_2_VERSION);
  EXPECT_EQ(web->tls.max_version, 0);
  EXPECT_EQ(web->tls.client_auth, ClientAuth::kNoClientCert);
  EXPECT_TRUE(web->tls.prefer_server_cipher_suites);
  EXPECT_TRUE(web->http2);
}

TEST(WebConfigTest, CheckBcryptHashFollowsGo) {
  EXPECT_EQ(CheckBcryptHash(kHash), "");
  EXPECT_EQ(CheckBcryptHash("$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"), "");
  EXPECT_EQ(CheckBcryptHash(""), "not a bcrypt hash (too short)");
  EXPECT_EQ(CheckBcryptHash("x2b$04$CQWeMDoh1yQAAV3N85/I2uSYP32Y1YNwqIJqBFgedgF9TiY/IKgTa"),
            "not a bcrypt hash (want it to start with $2y$, $2b$ or $2a$)");
  EXPECT_EQ(CheckBcryptHash("$2b$32$CQWeMDoh1yQAAV3N85/I2uSYP32Y1YNwqIJqBFgedgF9TiY/IKgTa"),
            "bcrypt cost 32 is outside the allowed range 4..31");
  EXPECT_EQ(CheckBcryptHash("$2b$xx$CQWeMDoh1yQAAV3N85/I2uSYP32Y1YNwqIJqBFgedgF9TiY/IKgTa"),
            "not a bcrypt hash (no cost)");
}

TEST(WebConfigTest, LoadReportsUnreadableFiles) {
  config::ErrorList errors;
  EXPECT_FALSE(LoadWebConfig("/nonexistent/web.yml", &errors));
  EXPECT_EQ(errors.ToString(), "/nonexistent/web.yml: cannot read: No such file or directory");
}

}  // namespace
}  // namespace awsgov::http
