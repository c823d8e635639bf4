#pragma once
// SHA-256 through OpenSSL's EVP interface. libcrypto is loaded on first use (dlopen), not linked:
// linking it costs every process that links core about 1.2 ms of CPU at start (relocations of a
// 4.5 MiB library, measured with perf stat on the 2-core build host), and only image imports, the
// tiny-linux image and juxta-vmm's kernel cache hash anything.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

struct evp_md_ctx_st;

namespace juxta {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&& other) noexcept;
    Sha256& operator=(Sha256&& other) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    // 64 lowercase hex digits; finishes, the object is spent afterwards. Empty when libcrypto
    // cannot be loaded: a caller whose result matters checks available() first.
    std::string hexDigest();

    // Whether libcrypto loads; when not, why and which package to install.
    static Status available();

  private:
    evp_md_ctx_st* ctx_ = nullptr;
};

std::string sha256Hex(std::string_view data);

}  // namespace juxta
