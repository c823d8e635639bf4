#pragma once
// vmlinux extracted from a bzImage's payload, kept on disk so the next VM with the same kernel
// skips both decompressions (ours and the guest's). Keyed by the SHA-256 of the bzImage's bytes
// (a non-cryptographic hash would let a crafted bzImage collide with another's cache entry);
// written atomically (temp file, rename).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "core/error.h"
#include "vmm/boot/file_bytes.h"

namespace juxta::vmm::boot {

// The cache file of a bzImage: "<cacheDir>/vmlinux-<sha256 hex>"; empty when SHA-256 is unavailable.
std::filesystem::path cachePathOf(std::span<const uint8_t> bzImage, const std::filesystem::path& cacheDir);

// The vmlinux of `bzImage`: from `cacheDir` when present, else extracted and stored there (an
// empty cacheDir disables the cache). `hit` tells which happened.
Result<Bytes> cachedVmlinux(const Bytes& bzImage, const std::filesystem::path& cacheDir, bool* hit = nullptr);

}  // namespace juxta::vmm::boot
