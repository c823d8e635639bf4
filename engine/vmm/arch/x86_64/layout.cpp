#include "vmm/arch/x86_64/layout.h"

namespace juxta::vmm::x86 {

std::vector<MemoryRange> memoryRanges(uint64_t size) {
    if (size <= kMmioGapStart) return {{GuestAddress(0), size}};
    return {{GuestAddress(0), kMmioGapStart}, {GuestAddress(kMmioGapEnd), size - kMmioGapStart}};
}

}  // namespace juxta::vmm::x86
