#include "vmm/devices/bus.h"

#include <fmt/format.h>

#include <cerrno>

namespace juxta::vmm {

Status Bus::insert(std::shared_ptr<BusDevice> device, uint64_t base, uint64_t len) {
    if (!device) return Error(EINVAL, "bus: no device");
    if (len == 0) return Error(EINVAL, fmt::format("bus: empty range at {:#x}", base));
    if (base + len < base) return Error(EINVAL, fmt::format("bus: range {:#x}+{:#x} wraps", base, len));
    auto next = ranges_.lower_bound(base);
    if (next != ranges_.end() && next->first < base + len)
        return Error(EEXIST, fmt::format("bus: range {:#x}-{:#x} overlaps the device at {:#x}", base,
                                         base + len - 1, next->first));
    if (next != ranges_.begin()) {
        auto prev = std::prev(next);
        if (prev->first + prev->second.len > base)
            return Error(EEXIST, fmt::format("bus: range {:#x}-{:#x} overlaps the device at {:#x}", base,
                                             base + len - 1, prev->first));
    }
    ranges_.emplace(base, Entry{len, std::move(device)});
    return {};
}

std::pair<BusDevice*, uint64_t> Bus::find(uint64_t address) {
    auto it = ranges_.upper_bound(address);
    if (it == ranges_.begin()) return {nullptr, 0};
    --it;
    uint64_t offset = address - it->first;
    if (offset >= it->second.len) return {nullptr, 0};
    return {it->second.device.get(), offset};
}

bool Bus::read(uint64_t address, std::span<uint8_t> data) {
    auto [device, offset] = find(address);
    if (!device) return false;
    std::scoped_lock lock(device->mutex());
    device->read(offset, data);
    return true;
}

bool Bus::write(uint64_t address, std::span<const uint8_t> data) {
    auto [device, offset] = find(address);
    if (!device) return false;
    std::scoped_lock lock(device->mutex());
    device->write(offset, data);
    return true;
}

}  // namespace juxta::vmm
