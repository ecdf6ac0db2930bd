#include "exporter/http/tls_context.h"

#include <openssl/err.h>

#include <string>

#include "exporter/core/log.h"
#include "exporter/http/tls_names.h"

namespace awsgov::http {
namespace {

std::string OpenSslError() {
  const unsigned long code = ERR_peek_last_error();
  std::string text = "unknown error";
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text = buffer;
  }
  ERR_clear_error();
  return text;
}

// Go's Request/RequireAny modes ask for a certificate but do not verify it.
int AcceptAnyCertificate(int /*preverify_ok*/, X509_STORE_CTX* /*ctx*/) { return 1; }

}  // namespace

Status TlsContext::Create(const TlsServerConfig& config, std::unique_ptr<TlsContext>* out) {
  std::unique_ptr<TlsContext> context(new TlsContext(config));
  context->loaded_stamps_ = context->CurrentStamps();
  if (Status s = TlsMaterial::Load(config, &context->material_); !s.ok()) return s;
  context->checked_stamps_ = context->loaded_stamps_;
  *out = std::move(context);
  return Status::Ok();
}

Status TlsContext::ConfigureContext(SSL_CTX* ctx) {
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(ctx, config_.min_version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, config_.max_version) != 1) {
    return InvalidArgument("tls_server_config: TLS versions not supported: " + OpenSslError());
  }
  std::string ciphers;
  bool tls12_suites = config_.cipher_suites.empty();
  for (const std::string& name : config_.cipher_suites) {
    std::string openssl_name;
    if (!LookupCipherSuite(name, &openssl_name) || openssl_name.empty()) continue;
    ciphers += (ciphers.empty() ? "" : ":") + openssl_name;
    tls12_suites = true;
  }
  if (config_.cipher_suites.empty()) ciphers = DefaultTls12CipherList();
  if (!tls12_suites) {
    // Only TLS 1.3 suites listed: Go then has no TLS 1.2 suite and so cannot speak TLS 1.2.
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1) {
      return InvalidArgument("tls_server_config: TLS 1.3 not supported: " + OpenSslError());
    }
  } else if (SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
    return InvalidArgument("tls_server_config.cipher_suites: none usable by OpenSSL: " +
                           OpenSslError());
  }
  std::string groups;
  for (const std::string& name : config_.curve_preferences) {
    std::string openssl_name;
    if (LookupCurve(name, &openssl_name)) groups += (groups.empty() ? "" : ":") + openssl_name;
  }
  if (groups.empty()) groups = DefaultGroupList();
  if (SSL_CTX_set1_groups_list(ctx, groups.c_str()) != 1) {
    return InvalidArgument("tls_server_config.curve_preferences: not supported: " + OpenSslError());
  }
  if (config_.prefer_server_cipher_suites) {
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
  } else {
    SSL_CTX_clear_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
  }
  // No resumption: a resumed session would skip the current certificate and client CA check.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_num_tickets(ctx, 0);
  SSL_CTX_set_cert_cb(ctx, &TlsContext::OnCertificate, this);
  return Status::Ok();
}

int TlsContext::reloads() const {
  std::lock_guard lock(mu_);
  return reloads_;
}

TlsContext::Stamps TlsContext::CurrentStamps() const {
  return Stamps{FileStamp::Of(config_.cert_file), FileStamp::Of(config_.key_file),
                FileStamp::Of(config_.client_ca_file)};
}

std::shared_ptr<const TlsMaterial> TlsContext::CurrentMaterial() {
  const Stamps now = CurrentStamps();  // outside the lock: stat may block on a slow disk
  std::lock_guard lock(mu_);
  if (now == loaded_stamps_ || now == checked_stamps_) return material_;
  checked_stamps_ = now;
  std::shared_ptr<const TlsMaterial> fresh;
  if (Status s = TlsMaterial::Load(config_, &fresh); !s.ok()) {
    log::Warn("TLS files changed but cannot be loaded; still serving the previous ones",
              {{"error", s.message()}});
    return material_;
  }
  material_ = std::move(fresh);
  loaded_stamps_ = now;
  ++reloads_;
  log::Info("TLS certificate reloaded", {{"cert_file", config_.cert_file}});
  return material_;
}

int TlsContext::OnCertificate(SSL* ssl, void* arg) {
  auto* self = static_cast<TlsContext*>(arg);
  const std::shared_ptr<const TlsMaterial> material = self->CurrentMaterial();
  // SSL_use_cert_and_key takes its own references: the material may be replaced afterwards.
  if (SSL_use_cert_and_key(ssl, material->leaf(), material->key(), material->chain(), 1) != 1) {
    log::Warn("TLS handshake: cannot use the certificate", {{"error", OpenSslError()}});
    return 0;
  }
  int mode = SSL_VERIFY_NONE;
  SSL_verify_cb callback = nullptr;
  switch (self->config_.client_auth) {
    case ClientAuth::kNoClientCert:
      break;
    case ClientAuth::kRequestClientCert:
      mode = SSL_VERIFY_PEER;
      callback = AcceptAnyCertificate;
      break;
    case ClientAuth::kRequireAnyClientCert:
      mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
      callback = AcceptAnyCertificate;
      break;
    case ClientAuth::kVerifyClientCertIfGiven:
      mode = SSL_VERIFY_PEER;
      break;
    case ClientAuth::kRequireAndVerifyClientCert:
      mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
      break;
  }
  SSL_set_verify(ssl, mode, callback);
  if (mode != SSL_VERIFY_NONE) {
    // Verification uses only the configured client CA (an empty store when none: Go's
    // x509.VerifyOptions with an empty pool trusts nobody, not the system roots).
    X509_STORE* store = material->client_ca_store();
    if (store != nullptr) {
      SSL_set1_verify_cert_store(ssl, store);
      if (STACK_OF(X509_NAME)* names = SSL_dup_CA_list(material->client_ca_names())) {
        SSL_set_client_CA_list(ssl, names);  // takes ownership
      }
    } else {
      X509_STORE* empty = X509_STORE_new();
      SSL_set1_verify_cert_store(ssl, empty);
      X509_STORE_free(empty);
    }
  }
  return 1;
}

}  // namespace awsgov::http
