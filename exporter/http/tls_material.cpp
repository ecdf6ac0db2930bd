#include "exporter/http/tls_material.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "exporter/http/web_config.h"

namespace awsgov::http {
namespace {

struct BioCloser {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioCloser>;

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

// The most recent OpenSSL error as text, clearing the queue so that it does not leak into the
// next unrelated call on this thread.
std::string OpenSslError() {
  unsigned long code = ERR_peek_last_error();
  std::string text = "unknown error";
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text = buffer;
  }
  ERR_clear_error();
  return text;
}

Status OpenFile(const std::string& key, const std::string& path, BioPtr* out) {
  // BIO_new_file would report errno only through OpenSSL's queue; fopen keeps it readable.
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return InvalidArgument("tls_server_config." + key + ": cannot read " + Quote(path) + ": " +
                           std::strerror(errno));
  }
  out->reset(BIO_new_fp(file, BIO_CLOSE));
  if (!*out) {
    std::fclose(file);
    return Internal("tls_server_config." + key + ": " + OpenSslError());
  }
  return Status::Ok();
}

}  // namespace

TlsMaterial::~TlsMaterial() {
  X509_free(leaf_);
  EVP_PKEY_free(key_);
  sk_X509_pop_free(chain_, X509_free);
  X509_STORE_free(ca_store_);
  sk_X509_NAME_pop_free(ca_names_, X509_NAME_free);
}

Status TlsMaterial::Load(const TlsServerConfig& config, std::shared_ptr<const TlsMaterial>* out) {
  std::shared_ptr<TlsMaterial> material(new TlsMaterial);
  ERR_clear_error();

  BioPtr bio;
  if (Status s = OpenFile("cert_file", config.cert_file, &bio); !s.ok()) return s;
  material->leaf_ = PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr);
  if (material->leaf_ == nullptr) {
    return InvalidArgument("tls_server_config.cert_file: no certificate in " +
                           Quote(config.cert_file) + " (want PEM): " + OpenSslError());
  }
  material->chain_ = sk_X509_new_null();
  while (X509* extra = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    sk_X509_push(material->chain_, extra);
  }
  ERR_clear_error();  // the end of the file reads as a "no start line" error

  if (Status s = OpenFile("key_file", config.key_file, &bio); !s.ok()) return s;
  material->key_ = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (material->key_ == nullptr) {
    return InvalidArgument("tls_server_config.key_file: no private key in " +
                           Quote(config.key_file) +
                           " (want an unencrypted PEM key): " + OpenSslError());
  }
  if (X509_check_private_key(material->leaf_, material->key_) != 1) {
    ERR_clear_error();
    return InvalidArgument("tls_server_config.key_file: the private key in " +
                           Quote(config.key_file) + " does not match the certificate in " +
                           Quote(config.cert_file));
  }

  if (!config.client_ca_file.empty()) {
    if (Status s = OpenFile("client_ca_file", config.client_ca_file, &bio); !s.ok()) return s;
    material->ca_store_ = X509_STORE_new();
    material->ca_names_ = sk_X509_NAME_new_null();
    while (X509* ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      X509_STORE_add_cert(material->ca_store_, ca);  // takes its own reference
      if (X509_NAME* name = X509_NAME_dup(X509_get_subject_name(ca))) {
        sk_X509_NAME_push(material->ca_names_, name);
      }
      X509_free(ca);
    }
    ERR_clear_error();
  }
  *out = std::move(material);
  return Status::Ok();
}

FileStamp FileStamp::Of(const std::string& path) {
  FileStamp stamp;
  struct stat st {};
  if (path.empty() || stat(path.c_str(), &st) != 0) return stamp;
  stamp.device = st.st_dev;
  stamp.inode = st.st_ino;
  stamp.size = st.st_size;
  stamp.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  stamp.ctime_ns = static_cast<long long>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
  return stamp;
}

}  // namespace awsgov::http
