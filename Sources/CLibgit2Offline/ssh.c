#include "cavra_git_offline.h"

#include <stddef.h>
#include <libssh2.h>

/*
 * libgit2 is linked statically, and its SSH transport is the only user of libssh2. Linking the real libssh2
 * would pull OpenSSL into the binary and its initialisation into every run, for a transport the gate never
 * opens: it reads local repositories and never fetches or pushes through libgit2. These definitions satisfy
 * the linker and fail every SSH operation: a session cannot be created, so an SSH connection ends with
 * libgit2's "failed to initialize SSH session" error, closed, never open.
 */

int libssh2_init(int flags) {
    (void)flags;
    return 0;
}

void libssh2_exit(void) {}

LIBSSH2_SESSION *libssh2_session_init_ex(
    void *(*my_alloc)(size_t count, void **abstract), void (*my_free)(void *ptr, void **abstract),
    void *(*my_realloc)(void *ptr, size_t count, void **abstract), void *abstract) {
    (void)my_alloc;
    (void)my_free;
    (void)my_realloc;
    (void)abstract;
    return NULL;
}

/* Everything below needs a session, which never exists; each fails as libssh2 would on a dead session. */

int libssh2_session_handshake(LIBSSH2_SESSION *session, libssh2_socket_t sock) {
    (void)session;
    (void)sock;
    return LIBSSH2_ERROR_SOCKET_NONE;
}

int libssh2_session_free(LIBSSH2_SESSION *session) {
    (void)session;
    return 0;
}

int libssh2_session_disconnect_ex(LIBSSH2_SESSION *session, int reason, const char *description, const char *lang) {
    (void)session;
    (void)reason;
    (void)description;
    (void)lang;
    return 0;
}

void **libssh2_session_abstract(LIBSSH2_SESSION *session) {
    (void)session;
    return NULL;
}

const char *libssh2_session_hostkey(LIBSSH2_SESSION *session, size_t *len, int *type) {
    (void)session;
    if (len) *len = 0;
    if (type) *type = LIBSSH2_HOSTKEY_TYPE_UNKNOWN;
    return NULL;
}

int libssh2_session_last_error(LIBSSH2_SESSION *session, char **errmsg, int *errmsg_len, int want_buf) {
    (void)session;
    (void)want_buf;
    static char message[] = "SSH transport is not available in cavra-gate";
    if (errmsg) *errmsg = message;
    if (errmsg_len) *errmsg_len = (int)(sizeof(message) - 1);
    return LIBSSH2_ERROR_SOCKET_NONE;
}

int libssh2_session_method_pref(LIBSSH2_SESSION *session, int method_type, const char *prefs) {
    (void)session;
    (void)method_type;
    (void)prefs;
    return LIBSSH2_ERROR_METHOD_NOT_SUPPORTED;
}

void libssh2_session_set_blocking(LIBSSH2_SESSION *session, int blocking) {
    (void)session;
    (void)blocking;
}

const char *libssh2_hostkey_hash(LIBSSH2_SESSION *session, int hash_type) {
    (void)session;
    (void)hash_type;
    return NULL;
}

LIBSSH2_KNOWNHOSTS *libssh2_knownhost_init(LIBSSH2_SESSION *session) {
    (void)session;
    return NULL;
}

int libssh2_knownhost_readfile(LIBSSH2_KNOWNHOSTS *hosts, const char *filename, int type) {
    (void)hosts;
    (void)filename;
    (void)type;
    return LIBSSH2_ERROR_FILE;
}

int libssh2_knownhost_checkp(
    LIBSSH2_KNOWNHOSTS *hosts, const char *host, int port, const char *key, size_t keylen, int typemask,
    struct libssh2_knownhost **knownhost) {
    (void)hosts;
    (void)host;
    (void)port;
    (void)key;
    (void)keylen;
    (void)typemask;
    if (knownhost) *knownhost = NULL;
    return LIBSSH2_KNOWNHOST_CHECK_FAILURE;
}

void libssh2_knownhost_free(LIBSSH2_KNOWNHOSTS *hosts) { (void)hosts; }

char *libssh2_userauth_list(LIBSSH2_SESSION *session, const char *username, unsigned int username_len) {
    (void)session;
    (void)username;
    (void)username_len;
    return NULL;
}

int libssh2_userauth_authenticated(LIBSSH2_SESSION *session) {
    (void)session;
    return 0;
}

int libssh2_userauth_password_ex(
    LIBSSH2_SESSION *session, const char *username, unsigned int username_len, const char *password,
    unsigned int password_len, void (*passwd_change_cb)(LIBSSH2_SESSION *, char **, int *, void **)) {
    (void)session;
    (void)username;
    (void)username_len;
    (void)password;
    (void)password_len;
    (void)passwd_change_cb;
    return LIBSSH2_ERROR_AUTHENTICATION_FAILED;
}

int libssh2_userauth_keyboard_interactive_ex(
    LIBSSH2_SESSION *session, const char *username, unsigned int username_len,
    void (*response_callback)(
        const char *, int, const char *, int, int, const LIBSSH2_USERAUTH_KBDINT_PROMPT *,
        LIBSSH2_USERAUTH_KBDINT_RESPONSE *, void **)) {
    (void)session;
    (void)username;
    (void)username_len;
    (void)response_callback;
    return LIBSSH2_ERROR_AUTHENTICATION_FAILED;
}

int libssh2_userauth_publickey(
    LIBSSH2_SESSION *session, const char *username, const unsigned char *pubkeydata, size_t pubkeydata_len,
    int (*sign_callback)(LIBSSH2_SESSION *, unsigned char **, size_t *, const unsigned char *, size_t, void **),
    void **abstract) {
    (void)session;
    (void)username;
    (void)pubkeydata;
    (void)pubkeydata_len;
    (void)sign_callback;
    (void)abstract;
    return LIBSSH2_ERROR_AUTHENTICATION_FAILED;
}

int libssh2_userauth_publickey_fromfile_ex(
    LIBSSH2_SESSION *session, const char *username, unsigned int username_len, const char *publickey,
    const char *privatekey, const char *passphrase) {
    (void)session;
    (void)username;
    (void)username_len;
    (void)publickey;
    (void)privatekey;
    (void)passphrase;
    return LIBSSH2_ERROR_AUTHENTICATION_FAILED;
}

int libssh2_userauth_publickey_frommemory(
    LIBSSH2_SESSION *session, const char *username, size_t username_len, const char *publickeyfiledata,
    size_t publickeyfiledata_len, const char *privatekeyfiledata, size_t privatekeyfiledata_len,
    const char *passphrase) {
    (void)session;
    (void)username;
    (void)username_len;
    (void)publickeyfiledata;
    (void)publickeyfiledata_len;
    (void)privatekeyfiledata;
    (void)privatekeyfiledata_len;
    (void)passphrase;
    return LIBSSH2_ERROR_AUTHENTICATION_FAILED;
}

LIBSSH2_AGENT *libssh2_agent_init(LIBSSH2_SESSION *session) {
    (void)session;
    return NULL;
}

int libssh2_agent_connect(LIBSSH2_AGENT *agent) {
    (void)agent;
    return LIBSSH2_ERROR_AGENT_PROTOCOL;
}

int libssh2_agent_list_identities(LIBSSH2_AGENT *agent) {
    (void)agent;
    return LIBSSH2_ERROR_AGENT_PROTOCOL;
}

int libssh2_agent_get_identity(
    LIBSSH2_AGENT *agent, struct libssh2_agent_publickey **store, struct libssh2_agent_publickey *prev) {
    (void)agent;
    (void)prev;
    if (store) *store = NULL;
    return LIBSSH2_ERROR_AGENT_PROTOCOL;
}

int libssh2_agent_userauth(LIBSSH2_AGENT *agent, const char *username, struct libssh2_agent_publickey *identity) {
    (void)agent;
    (void)username;
    (void)identity;
    return LIBSSH2_ERROR_AUTHENTICATION_FAILED;
}

int libssh2_agent_disconnect(LIBSSH2_AGENT *agent) {
    (void)agent;
    return 0;
}

void libssh2_agent_free(LIBSSH2_AGENT *agent) { (void)agent; }

LIBSSH2_CHANNEL *libssh2_channel_open_ex(
    LIBSSH2_SESSION *session, const char *channel_type, unsigned int channel_type_len, unsigned int window_size,
    unsigned int packet_size, const char *message, unsigned int message_len) {
    (void)session;
    (void)channel_type;
    (void)channel_type_len;
    (void)window_size;
    (void)packet_size;
    (void)message;
    (void)message_len;
    return NULL;
}

int libssh2_channel_process_startup(
    LIBSSH2_CHANNEL *channel, const char *request, unsigned int request_len, const char *message,
    unsigned int message_len) {
    (void)channel;
    (void)request;
    (void)request_len;
    (void)message;
    (void)message_len;
    return LIBSSH2_ERROR_CHANNEL_FAILURE;
}

ssize_t libssh2_channel_read_ex(LIBSSH2_CHANNEL *channel, int stream_id, char *buf, size_t buflen) {
    (void)channel;
    (void)stream_id;
    (void)buf;
    (void)buflen;
    return LIBSSH2_ERROR_CHANNEL_CLOSED;
}

ssize_t libssh2_channel_write_ex(LIBSSH2_CHANNEL *channel, int stream_id, const char *buf, size_t buflen) {
    (void)channel;
    (void)stream_id;
    (void)buf;
    (void)buflen;
    return LIBSSH2_ERROR_CHANNEL_CLOSED;
}

void libssh2_channel_set_blocking(LIBSSH2_CHANNEL *channel, int blocking) {
    (void)channel;
    (void)blocking;
}

int libssh2_channel_close(LIBSSH2_CHANNEL *channel) {
    (void)channel;
    return 0;
}

int libssh2_channel_free(LIBSSH2_CHANNEL *channel) {
    (void)channel;
    return 0;
}
