#pragma once
// Guest RAM: anonymous MAP_NORESERVE mappings, one per region, registered with KVM as memory slots.
// This is the one file that owns mmap and turns guest addresses into host pointers; everything
// else goes through the bounds-checked read/write/readObj/writeObj.
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "core/error.h"
#include "vmm/kvm/guest_address.h"

namespace juxta::vmm {

struct MemoryRange {
    GuestAddress start;
    uint64_t size = 0;
    GuestAddress end() const { return start + size; }
};

class GuestMemory {
  public:
    struct Region {
        MemoryRange range;
        uint8_t* host = nullptr;
    };

    // Maps each range (page-aligned, non-overlapping, non-empty).
    static Result<GuestMemory> create(const std::vector<MemoryRange>& ranges);

    GuestMemory(GuestMemory&& other) noexcept;
    GuestMemory& operator=(GuestMemory&& other) noexcept;
    GuestMemory(const GuestMemory&) = delete;
    GuestMemory& operator=(const GuestMemory&) = delete;
    ~GuestMemory();

    const std::vector<Region>& regions() const { return regions_; }
    uint64_t totalSize() const;
    // True when [addr, addr + len) lies inside one region.
    bool contains(GuestAddress addr, uint64_t len) const;

    Status write(GuestAddress addr, std::span<const uint8_t> bytes);
    Status read(GuestAddress addr, std::span<uint8_t> bytes) const;
    Status fill(GuestAddress addr, uint64_t len, uint8_t value);

    template <typename T>
    Status writeObj(GuestAddress addr, const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        return write(addr, std::span(reinterpret_cast<const uint8_t*>(&value), sizeof(T)));
    }
    template <typename T>
    Result<T> readObj(GuestAddress addr) const {
        static_assert(std::is_trivially_copyable_v<T>);
        T value{};
        if (Status s = read(addr, std::span(reinterpret_cast<uint8_t*>(&value), sizeof(T))); !s)
            return s.error();
        return value;
    }

    // The host bytes of [addr, addr + len), bounds-checked like read/write (EFAULT when any of it is
    // outside one region of guest RAM): for a device's scatter-gather I/O straight into or out of
    // guest RAM (preadv/pwritev). The guest may change the bytes at any moment: only data goes
    // through such a span, never something the device parses.
    Result<std::span<uint8_t>> slice(GuestAddress addr, uint64_t len) const;

    // Bytes of guest RAM the host has actually backed (touched by the guest or the VMM), via mincore.
    uint64_t residentBytes() const;

  private:
    GuestMemory() = default;
    uint8_t* hostPointer(GuestAddress addr, uint64_t len) const;
    void unmapAll();

    std::vector<Region> regions_;
};

}  // namespace juxta::vmm
