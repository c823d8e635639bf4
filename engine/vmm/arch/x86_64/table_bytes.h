#pragma once
// The bytes of the firmware tables a guest reads (MP, ACPI): a packed struct appended as it lies
// in memory, and the checksum both specifications use (all of a table's bytes sum to 0 mod 256).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace juxta::vmm::x86 {

template <typename T>
void appendBytes(std::vector<uint8_t>& out, const T& value) {
    const auto* p = reinterpret_cast<const uint8_t*>(&value);
    out.insert(out.end(), p, p + sizeof(T));
}

// The sum of `len` bytes mod 256: 0 over a valid table.
inline uint8_t byteSum(const uint8_t* data, std::size_t len) {
    uint8_t sum = 0;
    for (std::size_t i = 0; i < len; ++i) sum = uint8_t(sum + data[i]);
    return sum;
}

// The checksum byte that makes the sum of the rest 0.
inline uint8_t checksumOf(const uint8_t* data, std::size_t len) {
    return uint8_t(-byteSum(data, len));
}

}  // namespace juxta::vmm::x86
