#include "images/libcurl.h"

#include <dlfcn.h>

#include <string>
#include <type_traits>

namespace juxta::images {
namespace {

// The soname of libcurl's ABI since 7.16 (2006); Debian's packages are libcurl4 (OpenSSL) and
// libcurl3-gnutls.
constexpr const char* kSoname = "libcurl.so.4";

Result<const Libcurl*> load() {
    void* handle = ::dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return Error(ENOENT, std::string("pulling an image needs libcurl (") + kSoname +
                                 "), which cannot be loaded: " + ::dlerror() +
                                 " — install it (Debian: apt install libcurl4)");
    static Libcurl lib;
    const auto resolve = [handle](auto& fn, const char* name) {
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(handle, name));
        return fn != nullptr;
    };
    decltype(&::curl_global_init) globalInit = nullptr;
    decltype(&::curl_version_info) versionInfo = nullptr;
    if (!resolve(globalInit, "curl_global_init") || !resolve(versionInfo, "curl_version_info") ||
        !resolve(lib.easy_init, "curl_easy_init") || !resolve(lib.easy_cleanup, "curl_easy_cleanup") ||
        !resolve(lib.easy_setopt, "curl_easy_setopt") || !resolve(lib.easy_perform, "curl_easy_perform") ||
        !resolve(lib.easy_getinfo, "curl_easy_getinfo") ||
        !resolve(lib.easy_strerror, "curl_easy_strerror") ||
        !resolve(lib.slist_append, "curl_slist_append") ||
        !resolve(lib.slist_free_all, "curl_slist_free_all") ||
        !resolve(lib.easy_escape, "curl_easy_escape") || !resolve(lib.free, "curl_free"))
        return Error(ENOSYS, std::string(kSoname) + " lacks functions Juxta calls: too old a libcurl");
    // CURLOPT_CAINFO_BLOB (7.77) and CURLOPT_PROTOCOLS_STR (7.85) are used; Debian 12 has 7.88.
    const curl_version_info_data* info = versionInfo(CURLVERSION_NOW);
    if (!info || info->version_num < 0x075500)
        return Error(ENOSYS, std::string("libcurl ") + (info ? info->version : "?") +
                                 " is too old: pulling needs 7.85 or newer");
    // Once, before any thread uses it: curl_global_init is not thread-safe in older versions.
    if (globalInit(CURL_GLOBAL_DEFAULT) != CURLE_OK) return Error(EIO, "libcurl failed to initialise");
    return &lib;  // never dlclose'd: the functions stay valid for the process
}

}  // namespace

const Result<const Libcurl*>& loadLibcurl() {
    static const Result<const Libcurl*> loaded = load();
    return loaded;
}

}  // namespace juxta::images
