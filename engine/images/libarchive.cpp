#include "images/libarchive.h"

#include <dlfcn.h>

#include <string>

namespace juxta::images {
namespace {

// The soname of libarchive's ABI since 3.0 (2011); Debian's package is libarchive13.
constexpr const char* kSoname = "libarchive.so.13";

Result<const Libarchive*> load() {
    void* handle = ::dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return Error(ENOENT, std::string("importing an image needs libarchive (") + kSoname +
                                 "), which cannot be loaded: " + ::dlerror() +
                                 " — install it (Debian: apt install libarchive13)");
    static Libarchive lib;
#define JUXTA_LIBARCHIVE_RESOLVE(name)                                                  \
    lib.name = reinterpret_cast<decltype(lib.name)>(::dlsym(handle, "archive_" #name)); \
    if (!lib.name)                                                                      \
        return Error(ENOSYS, std::string(kSoname) + " has no archive_" #name ": too old a libarchive");
    JUXTA_LIBARCHIVE_FUNCTIONS(JUXTA_LIBARCHIVE_RESOLVE)
#undef JUXTA_LIBARCHIVE_RESOLVE
    lib.error_number = reinterpret_cast<decltype(lib.error_number)>(::dlsym(handle, "archive_errno"));
    if (!lib.error_number)
        return Error(ENOSYS, std::string(kSoname) + " has no archive_errno: too old a libarchive");
    return &lib;  // never dlclose'd: the functions stay valid for the process
}

}  // namespace

const Result<const Libarchive*>& loadLibarchive() {
    static const Result<const Libarchive*> loaded = load();
    return loaded;
}

}  // namespace juxta::images
