#pragma once
// libcurl, loaded on first use, as libarchive is (libarchive.h): only a pull talks HTTP, and
// linking libcurl would load it and its own libraries (nghttp2, libssh2, GSSAPI, LDAP, ...) into
// every juxtactl and every container's monitor.
#include <curl/curl.h>

#include "core/error.h"

namespace juxta::images {

struct Libcurl {
    decltype(&::curl_easy_init) easy_init = nullptr;
    decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&::curl_easy_setopt) easy_setopt = nullptr;
    decltype(&::curl_easy_perform) easy_perform = nullptr;
    decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&::curl_easy_strerror) easy_strerror = nullptr;
    decltype(&::curl_slist_append) slist_append = nullptr;
    decltype(&::curl_slist_free_all) slist_free_all = nullptr;
    decltype(&::curl_easy_escape) easy_escape = nullptr;
    decltype(&::curl_free) free = nullptr;
};

// The library, loaded and globally initialised once (thread-safe); or why it cannot be.
const Result<const Libcurl*>& loadLibcurl();

}  // namespace juxta::images
