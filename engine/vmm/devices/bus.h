#pragma once
// A bus of devices keyed by address range (I/O ports or MMIO). A device sees offsets from its
// base. Ranges may not overlap; the bus is built before the vCPUs start and only read after,
// and each device is locked while it is accessed (vCPU threads and the console input share it).
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>

#include "core/error.h"

namespace juxta::vmm {

class BusDevice {
  public:
    virtual ~BusDevice() = default;
    virtual void read(uint64_t offset, std::span<uint8_t> data) = 0;
    virtual void write(uint64_t offset, std::span<const uint8_t> data) = 0;

    // Held by the bus around read/write; others that touch the device (input threads) take it too.
    std::mutex& mutex() { return mutex_; }

  private:
    std::mutex mutex_;
};

class Bus {
  public:
    // Fails when len is 0, the range wraps, or it overlaps a range already on the bus.
    Status insert(std::shared_ptr<BusDevice> device, uint64_t base, uint64_t len);

    // False when no device claims `address` (the caller decides what an unclaimed access means).
    bool read(uint64_t address, std::span<uint8_t> data);
    bool write(uint64_t address, std::span<const uint8_t> data);

    size_t size() const { return ranges_.size(); }

  private:
    struct Entry {
        uint64_t len;
        std::shared_ptr<BusDevice> device;
    };
    // The entry whose range holds `address`, and the offset inside it.
    std::pair<BusDevice*, uint64_t> find(uint64_t address);

    std::map<uint64_t, Entry> ranges_;  // keyed by base
};

}  // namespace juxta::vmm
