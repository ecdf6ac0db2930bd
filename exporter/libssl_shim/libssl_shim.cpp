// A compatibility shim for Debian's civetweb 1.15, which loads OpenSSL at run time as
// dlopen("libssl.so") and looks up SSL_get_peer_certificate: OpenSSL 3 only has
// SSL_get1_peer_certificate (the same function: it returns a reference the caller frees). Built
// with SONAME libssl.so and linked against libssl.so.3, this library is dlopen'ed by absolute path
// before civetweb initialises TLS; civetweb's dlopen("libssl.so") then finds it already loaded and
// every other symbol through its dependency on libssl.so.3.
// Thread-safety: stateless.
#include <openssl/ssl.h>

extern "C" {

// Declared here: OpenSSL 3's headers define the old name only as a macro (when deprecated APIs
// are enabled), so the real exported function has to be spelled out.
#undef SSL_get_peer_certificate
X509* SSL_get_peer_certificate(const SSL* ssl);
X509* SSL_get_peer_certificate(const SSL* ssl) { return SSL_get1_peer_certificate(ssl); }

}  // extern "C"
