#pragma once
// The compressed vmlinux inside a bzImage: its format from the magic bytes, and decompression
// with the system libraries (zlib, liblzma, libzstd, liblz4). The kernel's build appends the
// uncompressed size as 4 little-endian bytes; we check the output against it.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "vmm/boot/bzimage.h"

namespace juxta::vmm::boot {

enum class Compression { Gzip, Xz, Lzma, Zstd, Lz4, Bzip2, Lzo, Unknown };

Compression detectCompression(std::span<const uint8_t> payload);
std::string_view compressionName(Compression c);

// Decompresses `payload`; fails on unsupported formats, corrupt data, or output > maxOutput.
Result<std::vector<uint8_t>> decompress(std::span<const uint8_t> payload, uint64_t maxOutput = 1ull << 30);
// The vmlinux ELF inside a bzImage, checked to be ELF.
Result<std::vector<uint8_t>> extractVmlinux(const BzImage& image);

}  // namespace juxta::vmm::boot
