#pragma once
// The bzImage format (Documentation/arch/x86/boot.rst): real-mode setup sectors with the setup
// header at 0x1f1, then the protected-mode kernel whose compressed payload is vmlinux. Pure
// parsing and validation of a file's bytes; nothing is loaded.
#include <asm/bootparam.h>

#include <cstdint>
#include <span>

#include "core/error.h"

namespace juxta::vmm::boot {

inline constexpr uint32_t kSetupHeaderOffset = 0x1f1;
inline constexpr uint32_t kHdrSMagic = 0x53726448;  // "HdrS"
inline constexpr uint16_t kBootFlag = 0xaa55;
inline constexpr uint16_t kMinProtocol64 = 0x0206;  // cmdline_size; 64-bit entry wants xloadflags (2.12)
inline constexpr uint32_t kEntry64Offset = 0x200;   // 64-bit entry: protected-mode start + 0x200

struct BzImage {
    setup_header header{};
    uint16_t protocol = 0;
    uint32_t setupBytes = 0;                 // (setup_sects + 1) * 512: the real-mode part
    std::span<const uint8_t> protectedMode;  // loaded at the kernel's load address
    std::span<const uint8_t> payload;        // the compressed vmlinux (protocol >= 2.08)
    uint32_t initrdAddrMax = 0;
    uint32_t cmdlineSize = 0;  // longest command line, without its NUL
    uint64_t prefAddress = 0;
    uint32_t initSize = 0;  // memory the kernel needs from its load address
    bool relocatable = false;
    // The setup header bytes as the boot protocol says to copy them into boot_params.
    std::span<const uint8_t> headerBytes;
};

// True when the bytes look like a bzImage at all (boot flag and "HdrS"), for format detection.
bool looksLikeBzImage(std::span<const uint8_t> file);
// Validates everything the 64-bit boot protocol relies on; errors name the field and the file.
Result<BzImage> parseBzImage(std::span<const uint8_t> file);

}  // namespace juxta::vmm::boot
