#ifndef CCURL_LOADER_H
#define CCURL_LOADER_H

#include <stddef.h>

/*
 * libcurl, loaded with dlopen on first use so that a binary linking this shim has no start-up dependency on
 * libcurl and the many libraries it pulls in. Only the calls the HTTP client makes are wrapped, each with fixed
 * argument types, because Swift cannot call curl's variadic setopt and getinfo. The option and info numbers
 * below are part of libcurl's stable ABI, so no curl header is needed to build.
 */

typedef enum {
    CCURLOPT_WRITEDATA = 10001,
    CCURLOPT_URL = 10002,
    CCURLOPT_PROXY = 10004,
    CCURLOPT_ERRORBUFFER = 10010,
    CCURLOPT_HTTPHEADER = 10023,
    CCURLOPT_CUSTOMREQUEST = 10036,
    CCURLOPT_HEADERDATA = 10029,
    CCURLOPT_POST = 47,
    CCURLOPT_FOLLOWLOCATION = 52,
    CCURLOPT_POSTFIELDSIZE = 60,
    CCURLOPT_SSL_VERIFYPEER = 64,
    CCURLOPT_CAINFO = 10065,
    CCURLOPT_SSL_VERIFYHOST = 81,
    CCURLOPT_NOSIGNAL = 99,
    CCURLOPT_MAXFILESIZE = 114,
    CCURLOPT_TIMEOUT_MS = 155,
    CCURLOPT_CONNECTTIMEOUT_MS = 156,
    CCURLOPT_COPYPOSTFIELDS = 10165,
    CCURLOPT_NOPROXY = 10177,
    CCURLOPT_PROTOCOLS = 181,
    CCURLOPT_PROTOCOLS_STR = 10318,
    CCURLOPT_WRITEFUNCTION = 20011,
    CCURLOPT_HEADERFUNCTION = 20079,
} ccurl_option;

typedef enum {
    CCURLINFO_RESPONSE_CODE = 0x200000 + 2,
    CCURLINFO_CAINFO = 0x100000 + 61,
} ccurl_info;

typedef enum {
    CCURLPROTO_HTTP = 1,
    CCURLPROTO_HTTPS = 2,
} ccurl_protocol;

/* The libcurl result codes the client tells apart. */
#define CCURLE_OK 0
#define CCURLE_COULDNT_RESOLVE_PROXY 5
#define CCURLE_COULDNT_RESOLVE_HOST 6
#define CCURLE_COULDNT_CONNECT 7
#define CCURLE_OPERATION_TIMEDOUT 28
#define CCURLE_SSL_CONNECT_ERROR 35
#define CCURLE_UNKNOWN_OPTION 48
#define CCURLE_GOT_NOTHING 52
#define CCURLE_SEND_ERROR 55
#define CCURLE_RECV_ERROR 56
#define CCURLE_PEER_FAILED_VERIFICATION 60
#define CCURLE_FILESIZE_EXCEEDED 63

/* The size curl requires of an error buffer. */
#define CCURL_ERROR_SIZE 256

typedef struct ccurl_easy ccurl_easy;
typedef struct ccurl_list ccurl_list;
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

/* Loads libcurl once and initialises it; returns 0, or -1 when no libcurl could be loaded or lacks a symbol. */
int ccurl_load(void);

ccurl_easy *ccurl_easy_init(void);
void ccurl_easy_cleanup(ccurl_easy *easy);
int ccurl_easy_perform(ccurl_easy *easy);
const char *ccurl_easy_strerror(int code);

int ccurl_setopt_long(ccurl_easy *easy, ccurl_option option, long value);
int ccurl_setopt_ptr(ccurl_easy *easy, ccurl_option option, const void *value);
int ccurl_setopt_list(ccurl_easy *easy, ccurl_option option, ccurl_list *list);
int ccurl_setopt_callback(ccurl_easy *easy, ccurl_option option, ccurl_data_callback callback);

int ccurl_getinfo_long(ccurl_easy *easy, ccurl_info info, long *value);
int ccurl_getinfo_string(ccurl_easy *easy, ccurl_info info, const char **value);

ccurl_list *ccurl_slist_append(ccurl_list *list, const char *text);
void ccurl_slist_free_all(ccurl_list *list);

#endif
