#include "exporter/http/tls_names.h"

#include <openssl/tls1.h>

namespace awsgov::http {
namespace {

struct Name {
  std::string_view go;
  std::string_view openssl;
};

// Go 1.19's tls.CipherSuites(): promtool 2.42 accepts exactly these (checked one by one).
constexpr Name kCipherSuites[] = {
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    // TLS 1.3: accepted, not configurable.
    {"TLS_AES_128_GCM_SHA256", ""},
    {"TLS_AES_256_GCM_SHA384", ""},
    {"TLS_CHACHA20_POLY1305_SHA256", ""},
};

// Go's default TLS 1.2 preference: ECDHE with AEAD first, then ECDHE-CBC, then RSA key exchange.
constexpr std::string_view kDefaultTls12 =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:"
    "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA:AES256-SHA";

constexpr Name kCurves[] = {
    {"CurveP256", "P-256"},
    {"CurveP384", "P-384"},
    {"CurveP521", "P-521"},
    {"X25519", "X25519"},
};

struct Version {
  std::string_view name;
  int version;
};

constexpr Version kVersions[] = {
    {"TLS10", TLS1_VERSION},
    {"TLS11", TLS1_1_VERSION},
    {"TLS12", TLS1_2_VERSION},
    {"TLS13", TLS1_3_VERSION},
};

template <typename Table>
bool Lookup(const Table& table, std::string_view go_name, std::string* openssl_name) {
  for (const Name& name : table) {
    if (name.go == go_name) {
      *openssl_name = std::string(name.openssl);
      return true;
    }
  }
  return false;
}

}  // namespace

bool LookupCipherSuite(std::string_view go_name, std::string* openssl_name) {
  return Lookup(kCipherSuites, go_name, openssl_name);
}

std::string DefaultTls12CipherList() { return std::string(kDefaultTls12); }

bool LookupCurve(std::string_view go_name, std::string* openssl_name) {
  return Lookup(kCurves, go_name, openssl_name);
}

std::string DefaultGroupList() { return "X25519:P-256:P-384:P-521"; }

bool LookupTlsVersion(std::string_view name, int* version) {
  for (const Version& v : kVersions) {
    if (v.name == name) {
      *version = v.version;
      return true;
    }
  }
  return false;
}

}  // namespace awsgov::http
