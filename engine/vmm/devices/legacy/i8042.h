#pragma once
// Enough of the i8042 keyboard controller for a Linux guest to probe it quickly and to reset the
// machine through it (command 0xFE, or bit 0 cleared in the output port): the reset callback ends
// the VM. No keyboard or mouse behind it.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "vmm/devices/bus.h"

namespace juxta::vmm {

namespace i8042 {
inline constexpr uint16_t kDataPort = 0x60;
inline constexpr uint16_t kCommandPort = 0x64;  // write: command; read: status

inline constexpr uint8_t kStatusOutputFull = 0x01;
inline constexpr uint8_t kStatusSystemFlag = 0x04;
inline constexpr uint8_t kStatusLastWasCommand = 0x08;

inline constexpr uint8_t kCmdReadControl = 0x20;
inline constexpr uint8_t kCmdWriteControl = 0x60;
inline constexpr uint8_t kCmdSelfTest = 0xaa;
inline constexpr uint8_t kCmdInterfaceTest = 0xab;
inline constexpr uint8_t kCmdReadOutputPort = 0xd0;
inline constexpr uint8_t kCmdWriteOutputPort = 0xd1;
inline constexpr uint8_t kCmdPulseReset = 0xfe;

inline constexpr uint8_t kSelfTestPassed = 0x55;
}  // namespace i8042

// Covers ports 0x60..0x64 as one device on the port bus (offsets 0 and 4 are used).
class I8042 : public BusDevice {
  public:
    explicit I8042(std::function<void()> onReset) : onReset_(std::move(onReset)) {}

    void read(uint64_t offset, std::span<uint8_t> data) override;
    void write(uint64_t offset, std::span<const uint8_t> data) override;

  private:
    void command(uint8_t cmd);
    void data(uint8_t value);
    void reply(uint8_t value);

    std::function<void()> onReset_;
    std::optional<uint8_t> output_;      // byte waiting for the guest on the data port
    std::optional<uint8_t> pendingCmd_;  // command that takes a data byte
    uint8_t control_ = 0x45;             // keyboard interrupt on, system flag, translation
    uint8_t outputPort_ = 0x01;          // bit 0: CPU not held in reset
    bool lastWasCommand_ = false;
};

}  // namespace juxta::vmm
