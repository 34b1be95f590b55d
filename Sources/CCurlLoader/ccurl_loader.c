#include "ccurl_loader.h"

#include <dlfcn.h>
#include <pthread.h>

typedef int (*global_init_fn)(long flags);
typedef void *(*easy_init_fn)(void);
typedef int (*easy_setopt_fn)(void *easy, int option, ...);
typedef int (*easy_perform_fn)(void *easy);
typedef int (*easy_getinfo_fn)(void *easy, int info, ...);
typedef void (*easy_cleanup_fn)(void *easy);
typedef const char *(*easy_strerror_fn)(int code);
typedef void *(*slist_append_fn)(void *list, const char *text);
typedef void (*slist_free_all_fn)(void *list);

static struct {
    global_init_fn global_init;
    easy_init_fn easy_init;
    easy_setopt_fn easy_setopt;
    easy_perform_fn easy_perform;
    easy_getinfo_fn easy_getinfo;
    easy_cleanup_fn easy_cleanup;
    easy_strerror_fn easy_strerror;
    slist_append_fn slist_append;
    slist_free_all_fn slist_free_all;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = -1;

/* CURL_GLOBAL_ALL: SSL and, on Windows, Winsock. */
static const long global_all = 3;

static void load(void) {
    static const char *const names[] = {
#ifdef __APPLE__
        "libcurl.4.dylib",
        "/usr/lib/libcurl.4.dylib",
#else
        "libcurl.so.4",
        "libcurl-gnutls.so.4",
#endif
    };
    void *library = NULL;
    for (size_t index = 0; index < sizeof names / sizeof names[0] && library == NULL; index++) {
        library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) return;
    curl.global_init = (global_init_fn)dlsym(library, "curl_global_init");
    curl.easy_init = (easy_init_fn)dlsym(library, "curl_easy_init");
    curl.easy_setopt = (easy_setopt_fn)dlsym(library, "curl_easy_setopt");
    curl.easy_perform = (easy_perform_fn)dlsym(library, "curl_easy_perform");
    curl.easy_getinfo = (easy_getinfo_fn)dlsym(library, "curl_easy_getinfo");
    curl.easy_cleanup = (easy_cleanup_fn)dlsym(library, "curl_easy_cleanup");
    curl.easy_strerror = (easy_strerror_fn)dlsym(library, "curl_easy_strerror");
    curl.slist_append = (slist_append_fn)dlsym(library, "curl_slist_append");
    curl.slist_free_all = (slist_free_all_fn)dlsym(library, "curl_slist_free_all");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo
        || !curl.easy_cleanup || !curl.easy_strerror || !curl.slist_append || !curl.slist_free_all) {
        return;
    }
    /* curl_global_init is not thread-safe in older libcurl, so it runs here, once. */
    if (curl.global_init(global_all) != 0) return;
    load_status = 0;
}

int ccurl_load(void) {
    pthread_once(&load_once, load);
    return load_status;
}

ccurl_easy *ccurl_easy_init(void) {
    return (ccurl_easy *)curl.easy_init();
}

void ccurl_easy_cleanup(ccurl_easy *easy) {
    curl.easy_cleanup(easy);
}

int ccurl_easy_perform(ccurl_easy *easy) {
    return curl.easy_perform(easy);
}

const char *ccurl_easy_strerror(int code) {
    return curl.easy_strerror(code);
}

int ccurl_setopt_long(ccurl_easy *easy, ccurl_option option, long value) {
    return curl.easy_setopt(easy, (int)option, value);
}

int ccurl_setopt_ptr(ccurl_easy *easy, ccurl_option option, const void *value) {
    return curl.easy_setopt(easy, (int)option, value);
}

int ccurl_setopt_list(ccurl_easy *easy, ccurl_option option, ccurl_list *list) {
    return curl.easy_setopt(easy, (int)option, (void *)list);
}

int ccurl_setopt_callback(ccurl_easy *easy, ccurl_option option, ccurl_data_callback callback) {
    return curl.easy_setopt(easy, (int)option, callback);
}

int ccurl_getinfo_long(ccurl_easy *easy, ccurl_info info, long *value) {
    return curl.easy_getinfo(easy, (int)info, value);
}

int ccurl_getinfo_string(ccurl_easy *easy, ccurl_info info, const char **value) {
    return curl.easy_getinfo(easy, (int)info, value);
}

ccurl_list *ccurl_slist_append(ccurl_list *list, const char *text) {
    return (ccurl_list *)curl.slist_append(list, text);
}

void ccurl_slist_free_all(ccurl_list *list) {
    curl.slist_free_all(list);
}
