#pragma once
// Initial CPU state for each way we enter a guest: 16-bit real mode (test guests), 32-bit
// protected mode for the PVH entry, and 64-bit long mode with identity-mapped page tables (the
// Linux 64-bit boot protocol and 64-bit test guests). Pure where it can be: the GDT entries and
// segment registers are computed; write*() put tables into guest memory.
#include <linux/kvm.h>

#include <array>
#include <cstdint>

#include "core/error.h"
#include "vmm/kvm/guest_memory.h"

namespace juxta::vmm::x86 {

enum class CpuMode { Real, Protected32, Long64 };

// A GDT descriptor from flags (access byte in bits 0..7, flags nibble in 12..15), base and limit.
uint64_t gdtEntry(uint16_t flags, uint32_t base, uint32_t limit);
// The segment register KVM wants for a descriptor at `index`.
kvm_segment segmentFromGdt(uint64_t entry, uint8_t index);

// null, code, data, TSS — code is 64-bit for Long64, 32-bit otherwise.
std::array<uint64_t, 4> bootGdt(CpuMode mode);

// Writes the boot GDT, an empty IDT and (for Long64) the identity page tables.
Status writeBootTables(GuestMemory& memory, CpuMode mode);
// Segment and control registers for `mode`, applied to a vCPU's current sregs.
void setupSregs(kvm_sregs& sregs, CpuMode mode);

}  // namespace juxta::vmm::x86
