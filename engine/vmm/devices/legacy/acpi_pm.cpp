#include "vmm/devices/legacy/acpi_pm.h"

#include <algorithm>

namespace juxta::vmm {

using namespace acpi_pm;

void AcpiPmControl::read(uint64_t, std::span<uint8_t> data) {
    // Nothing sleeps and wakes here: status reads as "woken" so a guest polling WAK_STS moves on.
    std::fill(data.begin(), data.end(), 0);
    if (!data.empty()) data[0] = kWakeStatus;
}

void AcpiPmControl::write(uint64_t offset, std::span<const uint8_t> data) {
    if (data.empty()) return;
    uint8_t value = data[0];
    if (offset == kSleepControl && (value & kSleepEnable) &&
        ((value >> kSleepTypeShift) & 0x7) == kSleepTypeS5) {
        if (onPowerOff_) onPowerOff_();
    } else if (offset == kReset && value == kResetValue) {
        if (onReset_) onReset_();
    }
}

}  // namespace juxta::vmm
