// Linked instead of libssl when Pistache is linked statically (cmake/berthDependencies.cmake).
// Pistache calls these only on a peer that holds a TLS session, and berth never gives one a
// session: reaching one is a bug, so it stops the process with a message instead of touching a null
// SSL.
#include <openssl/ssl.h>

#include <stdio.h>
#include <stdlib.h>

static void no_tls(const char* function) {
  fprintf(stderr, "berth: %s called, but berth is built without Pistache's TLS\n", function);
  abort();
}

int SSL_read(SSL* ssl, void* buffer, int size) {
  (void)ssl, (void)buffer, (void)size;
  no_tls("SSL_read");
  return -1;
}

int SSL_write(SSL* ssl, const void* buffer, int size) {
  (void)ssl, (void)buffer, (void)size;
  no_tls("SSL_write");
  return -1;
}

void SSL_free(SSL* ssl) {
  if (ssl) no_tls("SSL_free");
}
