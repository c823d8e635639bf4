#pragma once
// The PVH boot ABI's structures (Xen's public/arch-x86/hvm/start_info.h), written by us: what a
// PVH kernel finds at ebx on entry.
#include <cstdint>

namespace juxta::vmm::boot {

inline constexpr uint32_t kHvmStartMagic = 0x336ec578;

struct HvmStartInfo {
    uint32_t magic = kHvmStartMagic;
    uint32_t version = 1;  // 1: has the memory map fields
    uint32_t flags = 0;
    uint32_t moduleCount = 0;
    uint64_t moduleListAddr = 0;
    uint64_t cmdlineAddr = 0;
    uint64_t rsdpAddr = 0;
    uint64_t memmapAddr = 0;
    uint32_t memmapEntries = 0;
    uint32_t reserved = 0;
};
static_assert(sizeof(HvmStartInfo) == 56);

struct HvmModule {
    uint64_t addr = 0;
    uint64_t size = 0;
    uint64_t cmdlineAddr = 0;
    uint64_t reserved = 0;
};
static_assert(sizeof(HvmModule) == 32);

struct HvmMemmapEntry {
    uint64_t addr = 0;
    uint64_t size = 0;
    uint32_t type = 0;
    uint32_t reserved = 0;
};
static_assert(sizeof(HvmMemmapEntry) == 24);

}  // namespace juxta::vmm::boot
