#pragma once
// An uncompressed ELF vmlinux: its PT_LOAD segments (by physical address) and the PVH entry from
// its Xen note (XEN_ELFNOTE_PHYS32_ENTRY), which is where a PVH boot starts the kernel in 32-bit
// protected mode. Pure parsing with every offset bounds-checked.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/error.h"

namespace juxta::vmm::boot {

inline constexpr uint32_t kXenElfNotePhys32Entry = 18;

struct ElfSegment {
    uint64_t physAddr = 0;
    uint64_t fileOffset = 0;
    uint64_t fileSize = 0;
    uint64_t memSize = 0;
};

struct ElfKernel {
    std::vector<ElfSegment> segments;
    uint64_t entry = 0;                    // e_entry (a virtual address in vmlinux)
    std::optional<uint32_t> pvhEntry;      // physical 32-bit entry
    uint64_t lowestAddr = 0, endAddr = 0;  // physical span of all segments
};

bool looksLikeElf(std::span<const uint8_t> file);
Result<ElfKernel> parseElfKernel(std::span<const uint8_t> file);

}  // namespace juxta::vmm::boot
