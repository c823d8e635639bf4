#pragma once
// Content digests: SHA-256 (FIPS 180-4) computed incrementally, and "sha256:<64 hex>" strings as
// OCI descriptors and image configs write them. Layers are stored under their uncompressed
// digest (the config's diff_id) as "sha256-<hex>": a ':' would split overlayfs's lowerdir list.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace juxta::images {

class Sha256 {
  public:
    Sha256();
    void update(const void* data, std::size_t size);
    std::string hexDigest();  // finishes; the object is spent afterwards

  private:
    void block(const uint8_t* p);
    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buf_{};
    std::size_t used_ = 0;
    uint64_t total_ = 0;
};

std::string sha256Hex(std::string_view data);

// "sha256:<64 lowercase hex>" → the hex; anything else (other algorithms included): EINVAL.
Result<std::string> parseDigest(std::string_view digest);

// The store's layer id for an uncompressed digest's hex.
inline std::string layerIdForDiff(const std::string& hex) {
    return "sha256-" + hex;
}

}  // namespace juxta::images
