#include "vmm/boot/bzimage.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace juxta::vmm::boot {

namespace {
template <typename T>
T readAt(std::span<const uint8_t> bytes, size_t offset) {
    T v;
    std::memcpy(&v, bytes.data() + offset, sizeof(T));
    return v;
}
}  // namespace

bool looksLikeBzImage(std::span<const uint8_t> file) {
    if (file.size() < kSetupHeaderOffset + sizeof(setup_header)) return false;
    setup_header h = readAt<setup_header>(file, kSetupHeaderOffset);
    return h.boot_flag == kBootFlag && h.header == kHdrSMagic;
}

Result<BzImage> parseBzImage(std::span<const uint8_t> file) {
    auto bad = [](std::string what) { return Error(ENOEXEC, "not a usable bzImage: " + what); };
    if (file.size() < kSetupHeaderOffset + sizeof(setup_header))
        return bad(fmt::format("{} bytes is too short for a setup header", file.size()));
    BzImage image;
    image.header = readAt<setup_header>(file, kSetupHeaderOffset);
    const setup_header& h = image.header;
    // By value: fmt takes references, and a packed member may be misaligned.
    if (h.boot_flag != kBootFlag)
        return bad(fmt::format("boot flag is {:#06x}, not 0xaa55", uint16_t(h.boot_flag)));
    if (h.header != kHdrSMagic) return bad("no \"HdrS\" magic in the setup header");
    image.protocol = h.version;
    if (h.version < kMinProtocol64)
        return bad(
            fmt::format("boot protocol {}.{:02} is older than 2.06", h.version >> 8, h.version & 0xff));
    if (!(h.loadflags & LOADED_HIGH)) return bad("a zImage (loaded low) cannot be booted; need a bzImage");
    if (h.version >= 0x020c && !(h.xloadflags & XLF_KERNEL_64))
        return bad("xloadflags has no 64-bit entry point (XLF_KERNEL_64): a 32-bit kernel?");

    uint32_t setupSects = h.setup_sects == 0 ? 4 : h.setup_sects;
    image.setupBytes = (setupSects + 1) * 512;
    if (image.setupBytes >= file.size())
        return bad(
            fmt::format("truncated: setup needs {} bytes, the file has {}", image.setupBytes, file.size()));
    uint64_t kernelBytes = uint64_t(h.syssize) * 16;
    if (kernelBytes == 0 || image.setupBytes + kernelBytes > file.size())
        return bad(fmt::format(
            "truncated: the header promises {} bytes of kernel after {} of setup, the file has {}",
            kernelBytes, image.setupBytes, file.size()));
    image.protectedMode = file.subspan(image.setupBytes, kernelBytes);

    // The header runs from 0x1f1 to the end of the jump at 0x200 (0x202 + its 8-bit offset).
    size_t headerEnd = 0x202 + file[0x201];
    if (headerEnd > image.setupBytes || headerEnd < kSetupHeaderOffset)
        return bad("setup header length is corrupt");
    image.headerBytes = file.subspan(kSetupHeaderOffset, headerEnd - kSetupHeaderOffset);

    image.initrdAddrMax = h.version >= 0x0203 ? h.initrd_addr_max : 0x37ffffff;
    image.cmdlineSize = h.cmdline_size;
    image.relocatable = h.version >= 0x0205 && h.relocatable_kernel;
    if (h.version >= 0x0208) {
        if (uint64_t(h.payload_offset) + h.payload_length > kernelBytes || h.payload_length == 0)
            return bad("payload_offset/payload_length point outside the kernel");
        image.payload = image.protectedMode.subspan(h.payload_offset, h.payload_length);
    }
    if (h.version >= 0x020a) {
        image.prefAddress = h.pref_address;
        image.initSize = h.init_size;
    }
    return image;
}

}  // namespace juxta::vmm::boot
