// TLS for the HTTP server, configured by us on the SSL_CTX civetweb creates (its init_ssl
// callback), with the meaning of exporter-toolkit's tls_server_config: Go's client_auth_type
// semantics, min/max version (default min TLS 1.2), TLS 1.2 cipher suites and curve preferences
// by Go's names, server preference on by default.
//
// Certificates are re-read when their files change: each new handshake stats the certificate,
// key and client CA files (exporter-toolkit re-reads them per connection) and loads them again
// when one changed, so that a renewed certificate is served without a restart. When the new
// files do not load (e.g. the certificate was replaced but not yet its key), the last good ones
// stay in use and a warning is logged once per change. Session resumption is off: every
// connection gets a full handshake with the current certificate and client CA.
//
// Thread-safety: thread-safe; ConfigureContext runs once on civetweb's start thread and the
// handshake callback on every worker thread at once (the material is swapped under a mutex and
// shared by reference count).
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <mutex>

#include "exporter/core/status.h"
#include "exporter/http/tls_material.h"
#include "exporter/http/web_config.h"

namespace awsgov::http {

class TlsContext {
 public:
  // Loads the certificate, key and client CA; an error names the key and file.
  static Status Create(const TlsServerConfig& config, std::unique_ptr<TlsContext>* out);

  // Versions, ciphers, curves, options and the per-handshake callback on `ctx`.
  Status ConfigureContext(SSL_CTX* ctx);

  // How many times the files were loaded again after a change (for tests and logs).
  int reloads() const;

 private:
  struct Stamps {
    FileStamp cert, key, ca;
    bool operator==(const Stamps&) const = default;
  };

  explicit TlsContext(TlsServerConfig config) : config_(std::move(config)) {}
  Stamps CurrentStamps() const;
  std::shared_ptr<const TlsMaterial> CurrentMaterial();
  static int OnCertificate(SSL* ssl, void* self);

  const TlsServerConfig config_;
  mutable std::mutex mu_;
  std::shared_ptr<const TlsMaterial> material_;
  Stamps loaded_stamps_;   // of the files material_ came from
  Stamps checked_stamps_;  // last seen, so that a bad change is reported once
  int reloads_ = 0;
};

}  // namespace awsgov::http
