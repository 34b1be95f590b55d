#ifndef CAVRA_GIT_OFFLINE_H
#define CAVRA_GIT_OFFLINE_H

/*
 * Stand-ins for the libraries behind libgit2's network transports (SSH, Kerberos, the TLS trust store).
 * The gate reads local repositories only: each file says why it exists and how it fails.
 */

#endif
