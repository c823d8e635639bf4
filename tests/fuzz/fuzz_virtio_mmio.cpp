// A guest driving a virtio-blk and a virtio-vsock device through their virtio-mmio registers: the
// register accesses (offset, width, value) and all of guest RAM — rings, requests, packets,
// buffers — are the input's, the same for both devices. The transport and the devices
// (vmm/virtio/mmio.h, block.h, vsock.h) must never touch memory outside guest RAM or the disk,
// never loop, never crash; a broken queue is DEVICE_NEEDS_RESET, nothing worse. The vsock device's
// host side sends a line before and after the guest's accesses (its receive path, when the guest
// connected).
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include "fuzz_support.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/virtio/block.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/vsock.h"

using namespace juxta::vmm;

namespace {

constexpr uint64_t kRam = 64 << 10;

GuestMemory& memory() {
    static GuestMemory m = [] {
        auto r = GuestMemory::create({{GuestAddress(0), kRam}});
        if (!r) std::abort();
        return std::move(*r);
    }();
    return m;
}

// A 16-sector disk in memory (a memfd), opened by path as any image is.
std::shared_ptr<virtio::BlockDevice>& disk() {
    static std::shared_ptr<virtio::BlockDevice> d = [] {
        const int fd = ::memfd_create("fuzz-disk", 0);
        if (fd < 0 || ::ftruncate(fd, 16 * 512) < 0) std::abort();
        auto opened = virtio::BlockDevice::open(memory(), {"/proc/self/fd/" + std::to_string(fd), false});
        if (!opened) std::abort();
        return *opened;
    }();
    return d;
}

std::shared_ptr<virtio::VsockDevice> socketDevice() {
    auto made = virtio::VsockDevice::create(memory(), virtio::kVsockGuestCid, virtio::kAgentVsockPort,
                                            [](std::span<const uint8_t>) {});
    if (!made) std::abort();
    return *made;
}

void drive(const uint8_t* data, size_t size, size_t ramBytes, std::shared_ptr<virtio::VirtioDevice> device,
           const std::function<void()>& host) {
    (void)memory().fill(GuestAddress(0), kRam, 0);
    (void)memory().write(GuestAddress(0), {data, ramBytes});
    virtio::MmioTransport transport(memory(), std::move(device), [] {});
    host();
    int accesses = 0;
    for (size_t at = ramBytes; at + 9 <= size && accesses < 512; at += 9, ++accesses) {
        const uint8_t kind = data[at];
        uint32_t offset, value;
        std::memcpy(&offset, data + at + 1, 4);
        std::memcpy(&value, data + at + 5, 4);
        offset %= virtio::kMmioSize;
        uint8_t bytes[8] = {};
        std::memcpy(bytes, &value, 4);
        const std::size_t width = std::size_t(1) << ((kind >> 1) & 3);
        if (kind & 1)
            transport.write(offset, std::span<const uint8_t>(bytes, width));
        else
            transport.read(offset, std::span<uint8_t>(bytes, width));
    }
    host();
    if (transport.pollFd() >= 0) (void)transport.notify(uint32_t(transport.pollQueue()));
    transport.write(0x070, std::span<const uint8_t>(std::array<uint8_t, 4>{}.data(), 4));  // reset
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The first 8 KiB (or less) are guest RAM from address 0; then accesses of 9 bytes each:
    // kind (bit 0: write; bits 1-2: width 1, 2, 4 or 8), offset (le32, within the 4 KiB block), value (le32).
    const size_t ramBytes = std::min<size_t>(size, 8192);
    drive(data, size, ramBytes, disk(), [] {});
    auto vsock = socketDevice();
    drive(data, size, ramBytes, vsock, [&vsock] {
        static constexpr uint8_t kLine[] = "{\"op\":\"run\"}\n";
        (void)vsock->send(kLine);
    });
    return 0;
}
