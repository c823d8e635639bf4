#pragma once
// vmlinux extracted from a bzImage's payload, kept on disk so the next VM with the same kernel
// skips both decompressions (ours and the guest's). Keyed by a hash of the bzImage's bytes;
// written atomically (temp file, rename).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "core/error.h"

namespace juxta::vmm::boot {

using Bytes = std::shared_ptr<const std::vector<uint8_t>>;

uint64_t fnv1a64(std::span<const uint8_t> bytes);

// Reads a whole file; `what` names it in errors ("kernel", "initrd").
Result<Bytes> readWholeFile(const std::filesystem::path& path, const char* what);

// The vmlinux of `bzImage`: from `cacheDir` when present, else extracted and stored there (an
// empty cacheDir disables the cache). `hit` tells which happened.
Result<Bytes> cachedVmlinux(const Bytes& bzImage, const std::filesystem::path& cacheDir, bool* hit = nullptr);

}  // namespace juxta::vmm::boot
