// Go's crypto/tls names, as exporter-toolkit accepts them, mapped to OpenSSL's.
// Thread-safety: constant tables; the functions keep no state.
#pragma once

#include <string>
#include <string_view>

namespace awsgov::http {

// Cipher suites of Go's tls.CipherSuites() (the ones exporter-toolkit accepts). Sets
// *openssl_name to OpenSSL's name of a TLS 1.2 suite, or to "" for a TLS 1.3 suite (which Go, and
// so exporter-toolkit, does not let one configure). False for an unknown or insecure name.
bool LookupCipherSuite(std::string_view go_name, std::string* openssl_name);
// The TLS 1.2 suites used when cipher_suites is not set (Go's default list), OpenSSL's syntax.
std::string DefaultTls12CipherList();

// CurveP256, CurveP384, CurveP521, X25519 -> OpenSSL group names (P-256, ..., X25519).
bool LookupCurve(std::string_view go_name, std::string* openssl_name);
// Go's default preference order, OpenSSL's syntax.
std::string DefaultGroupList();

// TLS10..TLS13 -> TLS1_VERSION..TLS1_3_VERSION.
bool LookupTlsVersion(std::string_view name, int* version);

}  // namespace awsgov::http
