#pragma once
// Minimal ACPI tables describing the machine to kernels that find SMP only through ACPI (Debian's
// cloud kernel is built without CONFIG_X86_MPPARSE): RSDP -> XSDT -> {FADT -> DSDT, MADT}. The
// FADT declares a hardware-reduced platform (no PM timer, SCI or fixed hardware) without an i8042
// or VGA, whose sleep control and reset registers are AcpiPmControl's ports; the DSDT holds \_S5
// (soft-off), the UARTs and the virtio-mmio devices; the MADT lists one enabled local APIC per vCPU
// and the IOAPIC.
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "vmm/arch/x86_64/layout.h"

namespace juxta::vmm::x86 {

inline constexpr uint64_t kAcpiAddress = 0xe0000;  // in the BIOS area Linux also scans for "RSD PTR "
inline constexpr uint64_t kAcpiRoom = 0x10000;     // up to the MP table at 0xf0000

// A virtio-mmio device as the DSDT declares it: Device (VRnn) { _HID "LNRO0005" (what Linux's
// virtio_mmio driver matches), _CRS { Memory32Fixed (its 4 KiB), Interrupt (edge, high) { irq } } }.
struct VirtioMmioSlot {
    uint64_t base = 0;
    uint32_t irq = 0;
};

// Slot `index`: its register block and IOAPIC pin (layout.h).
inline VirtioMmioSlot virtioSlot(uint32_t index) {
    return {kVirtioMmioBase + uint64_t(index) * kVirtioMmioStride, kVirtioFirstIrq + index};
}
// Slots 0..count-1.
std::vector<VirtioMmioSlot> virtioSlots(uint32_t count);

// All tables as one blob to write at `address`; the RSDP is at its start.
Result<std::vector<uint8_t>> buildAcpiTables(uint32_t vcpus, uint64_t address = kAcpiAddress,
                                             const std::vector<VirtioMmioSlot>& virtio = {});

}  // namespace juxta::vmm::x86
