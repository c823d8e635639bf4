#include "vmm/arch/x86_64/e820.h"

#include <algorithm>

#include "vmm/arch/x86_64/layout.h"

namespace juxta::vmm::x86 {

std::vector<E820Entry> e820Map(uint64_t memoryBytes) {
    std::vector<E820Entry> map;
    map.push_back({0, std::min(memoryBytes, kEbdaStart), kE820Ram});
    if (memoryBytes > kEbdaStart) map.push_back({kEbdaStart, kHimemStart - kEbdaStart, kE820Reserved});
    if (memoryBytes > kHimemStart)
        map.push_back({kHimemStart, std::min(memoryBytes, kMmioGapStart) - kHimemStart, kE820Ram});
    if (memoryBytes > kMmioGapStart) map.push_back({kMmioGapEnd, memoryBytes - kMmioGapStart, kE820Ram});
    return map;
}

}  // namespace juxta::vmm::x86
