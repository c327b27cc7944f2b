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

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static inline int triage_ssl_chain_length(const SSL *ssl) {
  STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
  return chain ? sk_X509_num(chain) : 0;
}

// A certificate name (subject or issuer) in RFC 2253 form, into `out`; its length.
static inline int triage_x509_name_text(const X509_NAME *name, char *out, int size) {
  BIO *bio = BIO_new(BIO_s_mem());
  if (bio == NULL || size < 1) return -1;
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  int length = BIO_read(bio, out, size - 1);
  BIO_free(bio);
  if (length < 0) length = 0;
  out[length] = 0;
  return length;
}

// The certificate's subject alternative names (DNS names and IP addresses), separated by '\n',
// into `out`; their count, or -1 when `out` is too small for all of them. A DNS name holding a
// control character is left out (it could pass for two names).
static inline int triage_x509_alt_names(X509 *cert, char *out, int size) {
  if (size < 1) return 0;
  out[0] = 0;
  GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
  if (names == NULL) return 0;
  int count = 0;
  size_t used = 0;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
    GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
    char text[INET6_ADDRSTRLEN + 256];
    text[0] = 0;
    if (name->type == GEN_DNS) {
      int length = ASN1_STRING_length(name->d.dNSName);
      if (length < 0 || length > 255) continue;
      const unsigned char *data = ASN1_STRING_get0_data(name->d.dNSName);
      int printable = 1;
      for (int k = 0; k < length; k++) {
        if (data[k] < 0x20 || data[k] == 0x7f) printable = 0;
      }
      if (!printable) continue;
      memcpy(text, data, (size_t)length);
      text[length] = 0;
    } else if (name->type == GEN_IPADD) {
      int length = ASN1_STRING_length(name->d.iPAddress);
      const unsigned char *bytes = ASN1_STRING_get0_data(name->d.iPAddress);
      if (length == 4) {
        inet_ntop(AF_INET, bytes, text, sizeof text);
      } else if (length == 16) {
        inet_ntop(AF_INET6, bytes, text, sizeof text);
      } else {
        continue;
      }
    } else {
      continue;
    }
    size_t length = strlen(text);
    if (used + length + 2 > (size_t)size) {
      GENERAL_NAMES_free(names);
      return -1;
    }
    if (count > 0) out[used++] = '\n';
    memcpy(out + used, text, length);
    used += length;
    out[used] = 0;
    count++;
  }
  GENERAL_NAMES_free(names);
  return count;
}
