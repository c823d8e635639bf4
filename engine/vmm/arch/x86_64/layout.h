#pragma once
// Where things live in guest-physical memory on x86_64 (the low-memory map follows the Linux boot
// protocol's conventions and Firecracker's choices).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "vmm/kvm/guest_memory.h"

namespace juxta::vmm::x86 {

inline constexpr uint64_t kGdtAddress = 0x500;
inline constexpr uint64_t kIdtAddress = 0x520;
inline constexpr uint64_t kPvhStartInfo = 0x6000;  // hvm_start_info, then its memory map
inline constexpr uint64_t kZeroPage = 0x7000;      // boot_params
inline constexpr uint64_t kBootStack = 0x8ff0;
inline constexpr uint64_t kPml4 = 0x9000;  // identity page tables for 64-bit entry:
inline constexpr uint64_t kPdpt = 0xa000;  //   PML4, one PDPT,
inline constexpr uint64_t kPd = 0xb000;    //   four PDs of 2 MiB pages = the low 4 GiB
inline constexpr uint64_t kPdCount = 4;
inline constexpr uint64_t kCmdline = 0x20000;
inline constexpr uint64_t kCmdlineMax = 0x10000;       // our layout's room for the command line
inline constexpr uint64_t kEbdaStart = 0x9fc00;        // MP table lives here
inline constexpr uint64_t kHimemStart = 0x100000;      // 1 MiB: where kernels load
inline constexpr uint64_t kMmioGapStart = 0xc0000000;  // 3 GiB..4 GiB: no RAM (device space)
inline constexpr uint64_t kMmioGapEnd = 0x100000000;
inline constexpr uint64_t kIdentityMapAddress = 0xfffbc000;  // one page for KVM's EPT identity map
inline constexpr uint64_t kTssAddress = 0xfffbd000;          // three pages for KVM's real-mode TSS

// Serial ports and their ISA IRQs.
inline constexpr uint16_t kCom1Port = 0x3f8;
inline constexpr uint16_t kCom2Port = 0x2f8;
inline constexpr uint32_t kCom1Irq = 4;
inline constexpr uint32_t kCom2Irq = 3;

// virtio-mmio devices (vmm/virtio/mmio.h): 4 KiB register blocks from 0xd0000000 in the MMIO gap,
// each with an IOAPIC pin of its own from 5 (after the UARTs' 3 and 4), edge-triggered; the DSDT
// declares them (acpi.h), as Debian's kernels find them only there.
inline constexpr uint64_t kVirtioMmioBase = 0xd0000000;
inline constexpr uint64_t kVirtioMmioStride = 0x1000;
inline constexpr uint32_t kVirtioFirstIrq = 5;
inline constexpr std::size_t kMaxVirtioDevices = 16;  // pins 5..20 of the IOAPIC's 24

// RAM ranges for `size` bytes: below the 3 GiB gap, the rest above 4 GiB.
std::vector<MemoryRange> memoryRanges(uint64_t size);

}  // namespace juxta::vmm::x86
