// OpenSSL (Debian's libssl-dev), for TLS over triage's own sockets. The static functions wrap
// OpenSSL macros, which Swift cannot call.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

static inline long triage_ssl_set_sni(SSL *ssl, const char *name) {
  return SSL_set_tlsext_host_name(ssl, name);
}

static inline long triage_ssl_ctx_set_min_tls12(SSL_CTX *context) {
  return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
}
