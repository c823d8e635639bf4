#pragma once
// An Intel MultiProcessor Specification 1.4 table: one processor entry per vCPU, the ISA bus, the
// IOAPIC with ISA IRQs 0..15 routed 1:1, and LINT0/LINT1 as ExtINT/NMI. Kernels built with
// CONFIG_X86_MPPARSE find SMP through it; those without (Debian's cloud kernel) need ACPI's MADT.
#include <cstdint>
#include <vector>

#include "core/error.h"

namespace juxta::vmm::x86 {

inline constexpr uint64_t kMpTableAddress = 0xf0000;  // the BIOS area Linux scans for "_MP_"
inline constexpr uint64_t kMpTableRoom = 0x10000;
inline constexpr uint32_t kLapicAddress = 0xfee00000;
inline constexpr uint32_t kIoapicAddress = 0xfec00000;

// The floating pointer followed by the configuration table, to be written at `address`.
Result<std::vector<uint8_t>> buildMpTable(uint32_t vcpus, uint64_t address = kMpTableAddress);

}  // namespace juxta::vmm::x86
