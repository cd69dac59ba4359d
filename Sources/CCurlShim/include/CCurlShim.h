/*
 * Typed, non-variadic wrappers for libcurl's variadic functions, which Swift
 * cannot call. Each is a one-line forward; all logic lives in Swift.
 */
#ifndef CCURLSHIM_H
#define CCURLSHIM_H

#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

CURLcode obb_shim_easy_setopt_long(CURL *_Nonnull easy, CURLoption option, long value);
CURLcode obb_shim_easy_setopt_pointer(CURL *_Nonnull easy, CURLoption option,
                                      const void *_Nullable value);
CURLcode obb_shim_easy_setopt_string(CURL *_Nonnull easy, CURLoption option,
                                     const char *_Nullable value);
CURLcode obb_shim_easy_setopt_slist(CURL *_Nonnull easy, CURLoption option,
                                    struct curl_slist *_Nullable value);
CURLcode obb_shim_easy_setopt_write_function(
    CURL *_Nonnull easy,
    size_t (*_Nullable callback)(char *_Nonnull, size_t, size_t, void *_Nullable));
CURLcode obb_shim_easy_setopt_header_function(
    CURL *_Nonnull easy,
    size_t (*_Nullable callback)(char *_Nonnull, size_t, size_t, void *_Nullable));
CURLcode obb_shim_easy_setopt_xferinfo_function(
    CURL *_Nonnull easy,
    int (*_Nullable callback)(void *_Nullable, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode obb_shim_easy_getinfo_long(CURL *_Nonnull easy, CURLINFO info, long *_Nonnull value);
CURLcode obb_shim_easy_getinfo_off_t(CURL *_Nonnull easy, CURLINFO info, curl_off_t *_Nonnull value);
CURLMcode obb_shim_multi_setopt_long(CURLM *_Nonnull multi, CURLMoption option, long value);
/* The loaded libcurl's version ("7.88.1"); CURLVERSION_NOW is a macro Swift cannot see. */
const char *_Nonnull obb_shim_libcurl_version(void);

CURLcode obb_shim_easy_getinfo_double(CURL *_Nonnull easy, CURLINFO info, double *_Nonnull value);

#ifdef __cplusplus
}
#endif

#endif /* CCURLSHIM_H */
