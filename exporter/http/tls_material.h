// The files behind a TLS server: certificate chain, private key, client CA certificates, loaded
// with OpenSSL and checked as Go's tls.LoadX509KeyPair and x509.CertPool would (the key matches
// the certificate; a client CA file without certificates is accepted, it then verifies nobody).
// Thread-safety: TlsMaterial is immutable once loaded and shared read-only between handshakes
// (OpenSSL's objects are reference-counted and safe to use from several connections).
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/types.h>

#include <memory>
#include <string>

#include "exporter/core/status.h"

namespace awsgov::http {

struct TlsServerConfig;

class TlsMaterial {
 public:
  // Errors name the configuration key and the file, e.g.
  //   tls_server_config.cert_file: cannot read "/etc/x/cert.pem": No such file or directory
  static Status Load(const TlsServerConfig& config, std::shared_ptr<const TlsMaterial>* out);

  ~TlsMaterial();
  TlsMaterial(const TlsMaterial&) = delete;
  TlsMaterial& operator=(const TlsMaterial&) = delete;

  X509* leaf() const { return leaf_; }
  EVP_PKEY* key() const { return key_; }
  STACK_OF(X509) * chain() const { return chain_; }
  X509_STORE* client_ca_store() const { return ca_store_; }  // null without client_ca_file
  STACK_OF(X509_NAME) * client_ca_names() const { return ca_names_; }  // idem

 private:
  TlsMaterial() = default;

  X509* leaf_ = nullptr;
  EVP_PKEY* key_ = nullptr;
  STACK_OF(X509) * chain_ = nullptr;
  X509_STORE* ca_store_ = nullptr;
  STACK_OF(X509_NAME) * ca_names_ = nullptr;
};

// What identifies a file's content cheaply (stat): a change in any field means "read again".
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = -1;
  long long mtime_ns = 0;
  long long ctime_ns = 0;

  static FileStamp Of(const std::string& path);  // size -1 when it cannot be stat'ed
  bool operator==(const FileStamp&) const = default;
};

}  // namespace awsgov::http
