#pragma once
// The guest's physical memory map as the boot protocols describe it (boot_params.e820_table,
// PVH's memmap): RAM below the EBDA, RAM from 1 MiB up to the 3 GiB gap, and RAM above 4 GiB.
#include <cstdint>
#include <vector>

namespace juxta::vmm::x86 {

inline constexpr uint32_t kE820Ram = 1;
inline constexpr uint32_t kE820Reserved = 2;

struct E820Entry {
    uint64_t addr = 0;
    uint64_t size = 0;
    uint32_t type = kE820Ram;
};

std::vector<E820Entry> e820Map(uint64_t memoryBytes);

}  // namespace juxta::vmm::x86
