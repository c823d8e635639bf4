#pragma once
// virtio-net (VIRTIO 1.2, section 5.1) on a tap device: one receive and one transmit queue, the
// MAC address in the configuration space, checksum and TCP/IPv4 segmentation offloads both ways
// (features below), each as the driver takes them.
// The tap is opened with IFF_VNET_HDR and a 12-byte header, the layout of virtio_net_hdr_v1, so
// a frame moves between the tap and the guest's buffers with one readv/writev and no copy through
// the VMM: every piece of a chain is checked to lie in guest RAM (GuestMemory::slice), and the
// header is the guest's and the kernel's business, never parsed here.
//   transmit (queue 1): each chain's readable buffers (header + frame) are written to the tap;
//   receive (queue 0): while the tap has a frame and the guest a chain of writable buffers, the
//   frame is read into it (a frame larger than the buffers is cut: the guest drops it). Without
//   buffers the device stops reading the tap (pollFd() says so) until the driver adds some. Where
//   the driver took GUEST_CSUM / GUEST_TSO4, the tap is told so (TUNSETOFFLOAD) and hands over
//   frames of up to 64 KiB with their checksum left partial, which the guest takes whole (a
//   driver that took them posts buffers that large).
// A chain of the wrong direction breaks the queue (DEVICE_NEEDS_RESET).
// Before a frame goes to the tap, its source is checked (vmm/virtio/source_guard.h): a frame from
// another MAC or address than the card's is dropped and counted (tx_spoofed), the first one logged.
#include <sys/uio.h>

#include <array>
#include <atomic>
#include <span>
#include <string>

#include "core/error.h"
#include "core/unique_fd.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/source_guard.h"

namespace juxta::vmm::virtio {

class NetDevice final : public VirtioDevice {
  public:
    // Attaches to the existing tap interface `tap` (made and put on a bridge by whoever runs the
    // VM); `mac` is the guest's address, `ipv4` ("10.88.0.5/16", or empty) the one Juxta gave it:
    // the only sources its frames may have.
    static Result<std::shared_ptr<NetDevice>> open(GuestMemory& memory, const std::string& tap,
                                                   std::array<uint8_t, 6> mac, const std::string& ipv4 = {});
    // A locally administered unicast MAC derived from `seed` (the tap's name): stable per tap.
    static std::array<uint8_t, 6> macFor(const std::string& seed);
    // Whether a transmitted frame's virtio-net header (its first 12 bytes) asks only for what the
    // card offers (a checksum, TCP/IPv4 segmentation) with every offset inside the frame of
    // `frameLength` bytes; else the frame is dropped before the tap's kernel parses the header.
    static bool headerMakesSense(std::span<const uint8_t> header, std::size_t frameLength);

    uint32_t deviceId() const override { return 1; }
    uint64_t deviceFeatures() const override;
    std::size_t queueCount() const override { return 2; }
    // 64, not 256: a Linux driver that takes GUEST_TSO4 without mergeable buffers posts one 64 KiB
    // buffer (18 pages, zeroed) per receive entry when it brings eth0 up — 18 MiB of a 256 MiB guest
    // at 256 entries, and in the nested testbed 0.4-0.75 s of its start. 64 still hold 4 MiB of
    // frames in flight.
    uint16_t queueMaxSize() const override { return 64; }
    void readConfig(uint64_t offset, std::span<uint8_t> data) const override;
    // The tap's offloads follow what the driver took (none until one has; while reset, the tap is
    // not read).
    void activate(uint64_t features) override;
    void reset() override { active_ = false; }
    // The tap's receive offloads (TUNSETOFFLOAD flags) for a driver that took `features`.
    static unsigned tapOffloadsFor(uint64_t features);
    Result<bool> process(std::size_t index, SplitQueue& queue, MmioTransport& transport) override;
    const char* kind() const override { return "net"; }
    std::vector<std::pair<const char*, uint64_t>> counters() const override;
    // The tap, while the driver is there and has receive buffers: else a frame on the bridge would
    // keep the device's thread polling without end.
    int pollFd() const override { return active_ && !rxStarved_ ? tap_.get() : -1; }
    void starve() override { rxStarved_ = true; }
    std::size_t pollQueue() const override { return 0; }

  private:
    NetDevice(GuestMemory& memory, std::string tapName, UniqueFd tap, SourceGuard guard)
        : memory_(memory), tapName_(std::move(tapName)), tap_(std::move(tap)), guard_(guard) {}
    Result<bool> receive(SplitQueue& queue, MmioTransport& transport);
    Result<bool> transmit(SplitQueue& queue, MmioTransport& transport);
    Result<std::vector<iovec>> vectors(const Chain& chain, bool writable) const;

    // Whether the frame whose first bytes (after the header) are `head` may go out; logs the first
    // that may not.
    bool admit(std::span<const uint8_t> head, std::size_t frameLength);

    GuestMemory& memory_;
    std::string tapName_;
    UniqueFd tap_;
    SourceGuard guard_;  // its MAC is the card's
    std::atomic<bool> spoofLogged_{false};
    std::atomic<bool> rxStarved_{false};  // no receive buffers: the tap is not read until there are
    std::atomic<bool> active_{false};     // DRIVER_OK and no reset since
    unsigned tapOffloads_ = 0;            // what TUNSETOFFLOAD last set (the vCPU's thread, at DRIVER_OK)
    std::atomic<uint64_t> rxBytes_{0}, txBytes_{0}, rxFrames_{0}, txFrames_{0}, rxDropped_{0}, txDropped_{0},
        txSpoofed_{0};
};

}  // namespace juxta::vmm::virtio
