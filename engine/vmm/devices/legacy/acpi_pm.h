#pragma once
// The hardware-reduced ACPI power controls our FADT points at: a sleep control register (the
// guest writes SLP_TYP and SLP_EN to enter a sleep state; S5 is soft-off), its status register,
// and a reset register. Power-off and reset end the VM through the callbacks.
#include <cstdint>
#include <functional>
#include <span>

#include "vmm/devices/bus.h"

namespace juxta::vmm {

namespace acpi_pm {
inline constexpr uint16_t kBasePort = 0x600;
inline constexpr uint8_t kSleepControl = 0;  // offsets from kBasePort
inline constexpr uint8_t kSleepStatus = 1;
inline constexpr uint8_t kReset = 2;
inline constexpr uint8_t kPortCount = 3;

inline constexpr uint8_t kSleepEnable = 1 << 5;  // SLP_EN
inline constexpr uint8_t kSleepTypeShift = 2;    // SLP_TYP in bits 2..4
inline constexpr uint8_t kSleepTypeS5 = 5;       // what our DSDT's \_S5 says
inline constexpr uint8_t kResetValue = 0x01;     // FADT RESET_VALUE
inline constexpr uint8_t kWakeStatus = 1 << 7;   // WAK_STS
}  // namespace acpi_pm

class AcpiPmControl : public BusDevice {
  public:
    AcpiPmControl(std::function<void()> onPowerOff, std::function<void()> onReset)
        : onPowerOff_(std::move(onPowerOff)), onReset_(std::move(onReset)) {}

    void read(uint64_t offset, std::span<uint8_t> data) override;
    void write(uint64_t offset, std::span<const uint8_t> data) override;

  private:
    std::function<void()> onPowerOff_;
    std::function<void()> onReset_;
};

}  // namespace juxta::vmm
