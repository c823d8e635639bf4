#pragma once
// A guest-physical address. Its own type so that a host pointer, an offset and a guest address
// can never be mixed up silently.
#include <compare>
#include <cstdint>

namespace juxta::vmm {

class GuestAddress {
  public:
    constexpr GuestAddress() = default;
    constexpr explicit GuestAddress(uint64_t raw) : raw_(raw) {}

    constexpr uint64_t raw() const { return raw_; }
    constexpr GuestAddress operator+(uint64_t offset) const { return GuestAddress(raw_ + offset); }
    // Bytes from `base` up to this address (this >= base).
    constexpr uint64_t offsetFrom(GuestAddress base) const { return raw_ - base.raw_; }
    constexpr GuestAddress alignDown(uint64_t alignment) const {
        return GuestAddress(raw_ & ~(alignment - 1));
    }
    constexpr auto operator<=>(const GuestAddress&) const = default;

  private:
    uint64_t raw_ = 0;
};

}  // namespace juxta::vmm
