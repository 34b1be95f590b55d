#include "cavra_git_startup.h"

#include <git2.h>

/*
 * Debian's libgit2 is built with mbedTLS, and git_libgit2_init() parses every certificate in the system CA
 * bundle so that HTTPS transports are ready: about 4 ms of a gate run whose whole budget is a few times
 * `git diff`. The gate never talks to a remote through libgit2, so this definition, which the dynamic linker
 * binds in place of mbedTLS's own, loads no certificates. Should a transport ever be used, it would have no
 * trusted roots and every TLS handshake would fail: closed, never open. Builds of libgit2 on OpenSSL or
 * SecureTransport never call this function and are unaffected.
 */
int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}

int cavra_git_startup(void) {
    return git_libgit2_init();
}
