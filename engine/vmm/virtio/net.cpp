#include "vmm/virtio/net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "core/log.h"
#include "core/sha256.h"

namespace juxta::vmm::virtio {
namespace {

constexpr uint64_t kFeatureCsum = uint64_t(1) << 0;       // the guest may leave a checksum to the host
constexpr uint64_t kFeatureGuestCsum = uint64_t(1) << 1;  // ... and take frames whose checksum is left
constexpr uint64_t kFeatureMac = uint64_t(1) << 5;
constexpr uint64_t kFeatureGuestTso4 = uint64_t(1) << 7;  // the guest takes TCP/IPv4 unsegmented
constexpr uint64_t kFeatureHostTso4 = uint64_t(1) << 11;  // the guest may send TCP/IPv4 to be segmented
constexpr int kVnetHeader = 12;  // virtio_net_hdr_v1: what VERSION_1 drivers put before every frame
constexpr std::size_t kQueueRx = 0, kQueueTx = 1;
constexpr int kBatch = 32;  // frames per call, as virtio-blk's requests

}  // namespace

std::array<uint8_t, 6> NetDevice::macFor(const std::string& seed) {
    std::array<uint8_t, 6> mac{0x02, 0x4a, 0x58, 0, 0, 1};  // locally administered, unicast, "JX"
    uint32_t h = 2166136261u;                               // FNV-1a: a name, not a secret
    for (unsigned char c : seed) h = (h ^ c) * 16777619u;
    mac[3] = uint8_t(h >> 16), mac[4] = uint8_t(h >> 8), mac[5] = uint8_t(h);
    return mac;
}

Result<std::shared_ptr<NetDevice>> NetDevice::open(GuestMemory& memory, const std::string& tap,
                                                   std::array<uint8_t, 6> mac, const std::string& ipv4) {
    if (tap.empty() || tap.size() >= IFNAMSIZ)
        return Error(EINVAL, "tap \"" + tap + "\": not an interface name");
    SourceGuard guard{mac, std::nullopt};
    if (!ipv4.empty() && !(guard.ipv4 = ipv4Of(ipv4)))
        return Error(EINVAL, "tap " + tap + ": '" + ipv4 + "' is not an IPv4 address");
    // TUNSETIFF would make a tap of that name: the card is for one that exists (on a bridge, with
    // an address plan), made by whoever runs the VM.
    if (::if_nametoindex(tap.c_str()) == 0)
        return Error(
            ENODEV, "tap " + tap + ": no such interface (make it first: ip tuntap add " + tap + " mode tap)");
    UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!fd) return Error::fromErrno("open /dev/net/tun (for tap " + tap + ")");
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, tap.c_str(), IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (::ioctl(fd.get(), TUNSETIFF, &ifr) < 0) return Error::fromErrno("attach to tap " + tap);
    // Only a tap someone made to last (ip tuntap add, or a VM's monitor): had it gone between the
    // check above and TUNSETIFF, the call would have made a fresh one, on no bridge.
    ifreq got{};
    if (::ioctl(fd.get(), TUNGETIFF, &got) < 0) return Error::fromErrno("tap " + tap);
    if (!(got.ifr_flags & IFF_PERSIST))
        return Error(ENODEV, "tap " + tap + ": went away while the VM attached to it");
    int header = kVnetHeader;
    if (::ioctl(fd.get(), TUNSETVNETHDRSZ, &header) < 0)
        return Error::fromErrno("tap " + tap + ": header size");
    // What the tap hands this card until a driver takes more: whole frames with their checksums.
    if (::ioctl(fd.get(), TUNSETOFFLOAD, 0) < 0) return Error::fromErrno("tap " + tap + ": offloads off");
    return std::shared_ptr<NetDevice>(new NetDevice(memory, tap, std::move(fd), guard));
}

uint64_t NetDevice::deviceFeatures() const {
    // Transmit offloads: a checksum to fill in, TCP over IPv4 to segment — what makes a stream from
    // the guest a few large frames instead of many small ones (each a notification and a write).
    // IPv6's (HOST_TSO6) not: the source guard lets no IPv6 out. Receive offloads the same two: a
    // stream into the guest comes as frames of up to 64 KiB, each one notification and one readv.
    return kFeatureMac | kFeatureCsum | kFeatureHostTso4 | kFeatureGuestCsum | kFeatureGuestTso4;
}

unsigned NetDevice::tapOffloadsFor(uint64_t features) {
    if (!(features & kFeatureGuestCsum)) return 0;  // TSO needs the checksum (5.1.3.1)
    return TUN_F_CSUM | ((features & kFeatureGuestTso4) ? TUN_F_TSO4 : 0);
}

void NetDevice::activate(uint64_t features) {
    // Only a change reaches the host's kernel (each one is work under its network lock): a guest
    // that resets and renegotiates in a loop costs one ioctl per change of what it took, at most.
    // Refused, the tap keeps what it had; with none, whole frames: slower, never wrong.
    const unsigned flags = tapOffloadsFor(features);
    if (flags != tapOffloads_) {
        if (::ioctl(tap_.get(), TUNSETOFFLOAD, flags) == 0)
            tapOffloads_ = flags;
        else
            log::get("vmm")->warn("virtio-net on {}: receive offloads {:#x}: {}", tapName_, flags,
                                  std::strerror(errno));
    }
    rxStarved_ = false;
    active_ = true;
}

bool NetDevice::headerMakesSense(std::span<const uint8_t> header, std::size_t frameLength) {
    // virtio_net_hdr (VIRTIO 1.2 §5.1.6): flags, gso_type, hdr_len, gso_size, csum_start,
    // csum_offset, num_buffers; little-endian. Checked here before the host's kernel reads it:
    // only what this card offered, every offset inside the frame.
    constexpr uint8_t kNeedsCsum = 1, kGsoNone = 0, kGsoTcpv4 = 1;
    const auto le16 = [&](std::size_t at) { return uint16_t(header[at] | header[at + 1] << 8); };
    const uint8_t flags = header[0], gso = header[1];
    if (flags & ~kNeedsCsum) return false;  // DATA_VALID is the device's to set, RSC_INFO not offered
    if (flags & kNeedsCsum) {
        if (std::size_t(le16(6)) + le16(8) + 2 > frameLength) return false;  // the checksum's place
    }
    if (gso == kGsoNone) return true;
    if (gso != kGsoTcpv4 || !(flags & kNeedsCsum)) return false;  // no UDP, IPv6 or ECN; TSO needs it
    const uint16_t headerLength = le16(2), segment = le16(4);
    return segment > 0 && std::size_t(headerLength) <= frameLength && frameLength <= 65535 + 14;
}

void NetDevice::readConfig(uint64_t offset, std::span<uint8_t> data) const {
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = offset + i < guard_.mac.size() ? guard_.mac[offset + i] : 0;
}

std::vector<std::pair<const char*, uint64_t>> NetDevice::counters() const {
    return {{"rx_bytes", rxBytes_.load(std::memory_order_relaxed)},
            {"tx_bytes", txBytes_.load(std::memory_order_relaxed)},
            {"rx_frames", rxFrames_.load(std::memory_order_relaxed)},
            {"tx_frames", txFrames_.load(std::memory_order_relaxed)},
            {"rx_dropped", rxDropped_.load(std::memory_order_relaxed)},
            {"tx_dropped", txDropped_.load(std::memory_order_relaxed)},
            {"tx_spoofed", txSpoofed_.load(std::memory_order_relaxed)}};
}

Result<std::vector<iovec>> NetDevice::vectors(const Chain& chain, bool writable) const {
    std::vector<iovec> iov;
    for (const Buffer& b : chain.buffers) {
        if (b.deviceWritable != writable) continue;
        auto bytes = memory_.slice(b.addr, b.len);
        if (!bytes) return bytes.error();
        iov.push_back({bytes->data(), bytes->size()});
    }
    if (iov.size() > IOV_MAX) return Error(EPROTO, "virtio-net: a chain of more than IOV_MAX buffers");
    return iov;
}

Result<bool> NetDevice::process(std::size_t index, SplitQueue& queue, MmioTransport& transport) {
    if (index == kQueueTx) return transmit(queue, transport);
    if (index == kQueueRx) return receive(queue, transport);
    return false;
}

bool NetDevice::admit(std::span<const uint8_t> head, std::size_t frameLength) {
    const FrameVerdict verdict = checkSource(guard_, head, frameLength);
    if (verdict == FrameVerdict::Pass) return true;
    ++txSpoofed_;
    // Once per card: a hostile guest sends as many as it likes, the counter says how many.
    if (!spoofLogged_.exchange(true)) {
        const std::string source = head.size() >= 12 ? macText(head.subspan(6, 6)) : "(a short frame)";
        char address[INET_ADDRSTRLEN] = "";
        if (guard_.ipv4) ::inet_ntop(AF_INET, guard_.ipv4->data(), address, sizeof address);
        log::get("vmm")->warn(
            "virtio-net on {}: dropped a frame {} (source MAC {}; the card's is {}{}{}); the "
            "guest's other such frames are dropped and counted as tx_spoofed",
            tapName_, describe(verdict), source, macText(guard_.mac), guard_.ipv4 ? ", its address " : "",
            address);
    }
    return false;
}

Result<bool> NetDevice::transmit(SplitQueue& queue, MmioTransport& transport) {
    return serveBatch(queue, transport, kBatch, [this](const Chain& chain) -> Result<uint32_t> {
        if (chain.writableBytes != 0 || chain.readableBytes < uint64_t(kVnetHeader))
            return Error(EPROTO, "virtio-net: a transmit chain that is not a header and a frame");
        // The header and the frame's first bytes, wherever the guest split them: a copy, so the
        // guest cannot change what was checked before it is sent (the frame itself goes from its
        // buffers, but from the same bytes: see below).
        std::array<uint8_t, kVnetHeader + kGuardedBytes> head{};
        const uint64_t want = std::min<uint64_t>(chain.readableBytes, head.size());
        uint64_t taken = 0;
        for (const Buffer& b : chain.buffers) {
            if (taken == want) break;
            const uint64_t n = std::min<uint64_t>(b.len, want - taken);
            if (Status st = memory_.read(b.addr, {head.data() + taken, n}); !st) return st.error();
            taken += n;
        }
        // A header asking for what was not offered, or pointing outside its frame, is the guest's
        // lie: dropped before the host's parser of such headers (the tap's) sees it.
        const std::size_t frameLength = std::size_t(chain.readableBytes - kVnetHeader);
        if (!headerMakesSense(std::span<const uint8_t>(head).first(kVnetHeader), frameLength)) {
            ++txDropped_;
            return 0;
        }
        if (!admit(std::span<const uint8_t>(head).subspan(kVnetHeader, std::size_t(want) - kVnetHeader),
                   frameLength))
            return 0;
        auto iov = vectors(chain, false);
        if (!iov) return iov.error();
        // What was checked is what goes out: the checked bytes replace the guest's own in the
        // vectors (another vCPU may rewrite its buffers between the check and the write).
        std::vector<iovec> out;
        out.reserve(iov->size() + 1);
        out.push_back({head.data(), std::size_t(want)});
        uint64_t skip = want;
        for (const iovec& v : *iov) {
            if (skip >= v.iov_len) {
                skip -= v.iov_len;
                continue;
            }
            out.push_back({static_cast<uint8_t*>(v.iov_base) + skip, v.iov_len - std::size_t(skip)});
            skip = 0;
        }
        if (out.size() > IOV_MAX) {  // the checked copy made one piece more than writev takes: dropped
            ++txDropped_;
            return 0;
        }
        // A frame the tap refuses (too large, the interface down) is dropped, as a wire drops it.
        const ssize_t n = ::writev(tap_.get(), out.data(), int(out.size()));
        if (n > 0) {
            txBytes_ += uint64_t(n) - kVnetHeader;
            ++txFrames_;
        }
        return 0;
    });
}

Result<bool> NetDevice::receive(SplitQueue& queue, MmioTransport& transport) {
    bool used = false;
    for (int received = 0;;) {
        if (received == kBatch) {
            if (used) transport.usedBuffers(queue);
            return true;
        }
        auto popped = queue.popOrArm();
        if (!popped) return popped.error();
        if (!popped->has_value()) {
            // No buffer: stop reading the tap until the driver adds one (and says so).
            rxStarved_ = true;
            break;
        }
        rxStarved_ = false;
        const Chain& chain = **popped;
        if (chain.readableBytes != 0 || chain.writableBytes < uint64_t(kVnetHeader))
            return Error(EPROTO, "virtio-net: a receive chain that is not writable buffers");
        auto iov = vectors(chain, true);
        if (!iov) return iov.error();
        const ssize_t n = ::readv(tap_.get(), iov->data(), int(iov->size()));
        if (n < 0) {
            // Nothing to read: the chain goes back unused, as if never taken. A tap that fails is
            // not read again until the driver adds buffers (no loop on an error that stays).
            queue.undoPop();
            if (errno != EAGAIN && errno != EINTR) rxStarved_ = true;
            break;
        }
        // A frame shorter than its header cannot come (the tap writes the header first). One longer
        // than the buffers (a driver that took TSO4 and posts small buffers) the tap cuts, and some
        // kernels' taps then say how long the frame was, not what they wrote: dropped, the chain
        // back empty — never a length past the buffers.
        if (n < kVnetHeader || uint64_t(n) > chain.writableBytes) {
            ++rxDropped_;
            if (Status st = queue.pushUsed(chain.head, 0); !st) return st.error();
            used = true;
            continue;
        }
        // VERSION_1's header ends with num_buffers, which must say 1; the tap leaves it 0.
        const uint16_t one = 1;
        std::memcpy(static_cast<uint8_t*>((*iov)[0].iov_base) + 10, &one, (*iov)[0].iov_len >= 12 ? 2 : 0);
        rxBytes_ += uint64_t(n) - kVnetHeader;
        ++rxFrames_;
        if (Status st = queue.pushUsed(chain.head, uint32_t(n)); !st) return st.error();
        used = true;
        ++received;
    }
    if (used) transport.usedBuffers(queue);
    return false;
}

}  // namespace juxta::vmm::virtio
