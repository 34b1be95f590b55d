#include "cavra_git_offline.h"

/*
 * Debian's libgit2 is built with mbedTLS, and git_libgit2_init() parses every certificate in the system CA
 * bundle so that HTTPS transports are ready: about 4 ms of a gate run whose whole budget is a few times
 * `git diff`. The gate never talks to a remote through libgit2, so the link (Package.swift) wraps
 * libgit2's call to mbedtls_x509_crt_parse_file with this definition, which loads no certificates. Should a
 * transport ever be used, it would have no trusted roots and every TLS handshake would fail: closed, never
 * open.
 */
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}
