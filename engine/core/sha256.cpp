#include "core/sha256.h"

#include <dlfcn.h>
#include <openssl/evp.h>

#include <cerrno>
#include <type_traits>
#include <utility>

namespace juxta {
namespace {

// The soname of OpenSSL 3's libcrypto (Debian 12: libssl3).
constexpr const char* kSoname = "libcrypto.so.3";

struct Libcrypto {
    decltype(&::EVP_MD_CTX_new) ctxNew = nullptr;
    decltype(&::EVP_MD_CTX_free) ctxFree = nullptr;
    decltype(&::EVP_DigestInit_ex) init = nullptr;
    decltype(&::EVP_DigestUpdate) update = nullptr;
    decltype(&::EVP_DigestFinal_ex) final = nullptr;
    const EVP_MD* sha256 = nullptr;
};

Result<const Libcrypto*> load() {
    void* handle = ::dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return Error(ENOENT, std::string("SHA-256 needs OpenSSL's libcrypto (") + kSoname +
                                 "), which cannot be loaded: " + ::dlerror() +
                                 " — install it (Debian: apt install libssl3)");
    static Libcrypto lib;
    const auto resolve = [handle](auto& fn, const char* name) {
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(handle, name));
        return fn != nullptr;
    };
    decltype(&::EVP_sha256) sha256 = nullptr;
    if (!resolve(lib.ctxNew, "EVP_MD_CTX_new") || !resolve(lib.ctxFree, "EVP_MD_CTX_free") ||
        !resolve(lib.init, "EVP_DigestInit_ex") || !resolve(lib.update, "EVP_DigestUpdate") ||
        !resolve(lib.final, "EVP_DigestFinal_ex") || !resolve(sha256, "EVP_sha256"))
        return Error(ENOSYS, std::string(kSoname) + " lacks the EVP digest functions: too old an OpenSSL");
    lib.sha256 = sha256();
    return &lib;  // never dlclose'd: the functions stay valid for the process
}

const Result<const Libcrypto*>& libcrypto() {
    static const Result<const Libcrypto*> loaded = load();
    return loaded;
}

}  // namespace

Status Sha256::available() {
    if (const auto& lib = libcrypto(); !lib) return lib.error();
    return {};
}

Sha256::Sha256() {
    const auto& lib = libcrypto();
    if (!lib) return;
    ctx_ = (*lib)->ctxNew();
    if (ctx_ && (*lib)->init(ctx_, (*lib)->sha256, nullptr) != 1) {
        (*lib)->ctxFree(ctx_);
        ctx_ = nullptr;
    }
}

Sha256::~Sha256() {
    if (ctx_) libcrypto().value()->ctxFree(ctx_);
}

Sha256::Sha256(Sha256&& other) noexcept : ctx_(other.ctx_) {
    other.ctx_ = nullptr;
}

Sha256& Sha256::operator=(Sha256&& other) noexcept {
    std::swap(ctx_, other.ctx_);
    return *this;
}

void Sha256::update(const void* data, std::size_t size) {
    if (ctx_ && size > 0 && libcrypto().value()->update(ctx_, data, size) != 1) {
        libcrypto().value()->ctxFree(ctx_);
        ctx_ = nullptr;  // hexDigest() then says nothing rather than something wrong
    }
}

std::string Sha256::hexDigest() {
    if (!ctx_) return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    const bool ok = libcrypto().value()->final(ctx_, digest, &size) == 1 && size == 32;
    libcrypto().value()->ctxFree(ctx_);
    ctx_ = nullptr;
    if (!ok) return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(64, '0');
    for (unsigned i = 0; i < 32; ++i) {
        hex[2 * i] = kHex[digest[i] >> 4];
        hex[2 * i + 1] = kHex[digest[i] & 15];
    }
    return hex;
}

std::string sha256Hex(std::string_view data) {
    Sha256 h;
    h.update(data.data(), data.size());
    return h.hexDigest();
}

}  // namespace juxta
