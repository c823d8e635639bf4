// virtio-net's device model on a real tap, without KVM: it attaches only to a tap that exists (and
// was made to last), tells the driver its MAC, and gives its device thread no descriptor to wait
// on until a driver has set the card up — a frame on the bridge must not keep that thread
// spinning while nobody takes it. Root: it makes a tap (those tests skip without).
// And the source guard (vmm/virtio/source_guard.h) a hostile guest meets: crafted frames that claim
// another MAC or address, in Ethernet, ARP, IPv4 and IPv6, tagged or cut short — checked alone,
// then sent through a card's transmit queue and watched for on the tap's host side.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTest>
#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "core/unique_fd.h"
#include "mmio_driver.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/net.h"
#include "vmm/virtio/source_guard.h"

using namespace juxta;
using namespace juxta::vmm;
using namespace juxta::vmm::virtio;

namespace {

// A persistent tap named `name` (persist false: removes it).
bool tap(const std::string& name, bool persist) {
    UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_CLOEXEC));
    if (!fd) return false;
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    return ::ioctl(fd.get(), TUNSETIFF, &ifr) == 0 && ::ioctl(fd.get(), TUNSETPERSIST, persist ? 1 : 0) == 0;
}

using Mac = std::array<uint8_t, 6>;
using Ip = std::array<uint8_t, 4>;
constexpr Mac kMine{0x02, 0x4a, 0x58, 0x12, 0x34, 0x56};
constexpr Mac kOther{0x02, 0x4a, 0x58, 0x65, 0x43, 0x21};  // another tenant of the bridge
constexpr Ip kMyIp{10, 88, 0, 5}, kOtherIp{10, 88, 0, 9};

// An Ethernet frame from `src` of `type`, with `payload` after the header.
std::vector<uint8_t> frame(const Mac& src, uint16_t type, std::vector<uint8_t> payload) {
    std::vector<uint8_t> f(6, 0xff);  // to everyone
    f.insert(f.end(), src.begin(), src.end());
    f.push_back(uint8_t(type >> 8));
    f.push_back(uint8_t(type));
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

std::vector<uint8_t> arp(const Mac& sender, const Ip& senderIp) {
    std::vector<uint8_t> p{0, 1, 0x08, 0x00, 6, 4, 0, 1};  // Ethernet, IPv4, request
    p.insert(p.end(), sender.begin(), sender.end());
    p.insert(p.end(), senderIp.begin(), senderIp.end());
    p.insert(p.end(), 6, 0);
    p.insert(p.end(), {10, 88, 0, 1});
    return p;
}

std::vector<uint8_t> ipv4(const Ip& src) {
    std::vector<uint8_t> p{0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0};  // UDP, no checksum: not parsed
    p.insert(p.end(), src.begin(), src.end());
    p.insert(p.end(), {10, 88, 0, 1});
    p.insert(p.end(), 8, 0);
    return p;
}

std::vector<uint8_t> ipv6(const std::array<uint8_t, 16>& src) {
    std::vector<uint8_t> p{0x60, 0, 0, 0, 0, 0, 58, 255};  // ICMPv6, no payload: not parsed
    p.insert(p.end(), src.begin(), src.end());
    p.insert(p.end(), {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
    return p;
}

// A driver of one card's transmit queue (queue 1), as Linux's sets it up, in 1 MiB of guest RAM.
struct Sender {
    GuestMemory& memory;
    MmioTransport& transport;
    static constexpr GuestAddress kDesc{0x1000}, kAvail{0x2000}, kUsed{0x3000}, kFrames{0x10000};
    uint16_t availIdx = 0;

    void start() {  // VERSION_1 and MAC; the transmit queue
        driver::bringUp(transport, kFeatureVersion1 | (1u << 5), 1, 8, kDesc, kAvail, kUsed);
    }
    // `header` and `f`, in descriptors split after `split` bytes of the frame (0: one buffer).
    bool send(const std::vector<uint8_t>& f, std::size_t split = 0, std::array<uint8_t, 12> header = {}) {
        std::vector<uint8_t> bytes(header.begin(), header.end());
        bytes.insert(bytes.end(), f.begin(), f.end());
        if (!memory.write(kFrames, bytes).ok()) return false;
        const uint32_t first = split ? uint32_t(12 + split) : uint32_t(bytes.size());
        const auto desc = [&](uint16_t i, GuestAddress a, uint32_t len, uint16_t flags, uint16_t next) {
            return memory.writeObj(kDesc + 16 * uint64_t(i), a.raw()).ok() &&
                   memory.writeObj(kDesc + 16 * uint64_t(i) + 8, len).ok() &&
                   memory.writeObj(kDesc + 16 * uint64_t(i) + 12, flags).ok() &&
                   memory.writeObj(kDesc + 16 * uint64_t(i) + 14, next).ok();
        };
        bool ok = split ? desc(0, kFrames, first, 1, 1) &&
                              desc(1, kFrames + first, uint32_t(bytes.size()) - first, 0, 0)
                        : desc(0, kFrames, first, 0, 0);
        ok = ok && memory.writeObj(kAvail + 4 + 2 * uint64_t(availIdx % 8), uint16_t(0)).ok() &&
             memory.writeObj(kAvail + 2, ++availIdx).ok();
        driver::writeRegister(transport, 0x050, 1);  // QueueNotify: the transport serves it at once
        return ok;
    }
};

// The frames that reached `tap`'s host side through `packets` (a packet socket bound to it) within
// `waitMs`: what the card wrote, not what the host sent.
std::vector<std::vector<uint8_t>> arrived(int packets, int waitMs) {
    std::vector<std::vector<uint8_t>> out;
    pollfd p{packets, POLLIN, 0};
    while (::poll(&p, 1, waitMs) == 1) {
        std::vector<uint8_t> buf(2048);
        sockaddr_ll from{};
        socklen_t len = sizeof from;
        const ssize_t n =
            ::recvfrom(packets, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n <= 0) break;
        if (from.sll_pkttype == PACKET_OUTGOING) continue;
        buf.resize(std::size_t(n));
        out.push_back(std::move(buf));
    }
    return out;
}

// Brings `tap` up; its interface index (0 where it cannot).
int tapUp(const std::string& tap) {
    UniqueFd control(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ifreq up{};
    std::strncpy(up.ifr_name, tap.c_str(), IFNAMSIZ - 1);
    if (::ioctl(control.get(), SIOCGIFFLAGS, &up) != 0) return 0;
    up.ifr_flags |= IFF_UP;
    if (::ioctl(control.get(), SIOCSIFFLAGS, &up) != 0 || ::ioctl(control.get(), SIOCGIFINDEX, &up) != 0)
        return 0;
    return up.ifr_ifindex;
}

// Whether the kernel segments TCP for `tap`'s reader: its TSO feature, which TUNSETOFFLOAD sets
// (-1 where it cannot be read).
int tapSegments(const std::string& tap) {
    UniqueFd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ethtool_value value{ETHTOOL_GTSO, 0};
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, tap.c_str(), IFNAMSIZ - 1);
    ifr.ifr_data = reinterpret_cast<char*>(&value);
    return ::ioctl(s.get(), SIOCETHTOOL, &ifr) == 0 ? int(value.data) : -1;
}

FrameVerdict verdict(const SourceGuard& guard, const std::vector<uint8_t>& f) {
    return checkSource(guard, std::span(f).first(std::min(f.size(), kGuardedBytes)), f.size());
}

}  // namespace

class TestVirtioNet : public QObject {
    Q_OBJECT
    std::string name_ = "jxtest" + std::to_string(::getpid() % 100000);

    bool haveTap_ = false;

  private slots:
    void initTestCase() {
        if (::geteuid() != 0 || ::access("/dev/net/tun", R_OK | W_OK) != 0) return;
        QVERIFY(tap(name_, true));
        haveTap_ = true;
    }
    void cleanupTestCase() {
        if (haveTap_) tap(name_, false);
    }

    void theGuardPassesOnlyTheCardsOwnSources() {
        const SourceGuard guard{kMine, kMyIp};
        const std::array<uint8_t, 16> linkLocal{0xfe, 0x80, 0,    0,    0,    0,    0,    0,
                                                0x00, 0x4a, 0x58, 0xff, 0xfe, 0x12, 0x34, 0x56};
        auto otherLinkLocal = linkLocal;
        otherLinkLocal[15] = 0x57;
        const std::array<uint8_t, 16> unspecified{};
        // Its own: ARP (and the probe that claims no address), IPv4.
        QCOMPARE(verdict(guard, frame(kMine, 0x0806, arp(kMine, kMyIp))), FrameVerdict::Pass);
        QCOMPARE(verdict(guard, frame(kMine, 0x0806, arp(kMine, {0, 0, 0, 0}))), FrameVerdict::Pass);
        QCOMPARE(verdict(guard, frame(kMine, 0x0800, ipv4(kMyIp))), FrameVerdict::Pass);
        // No IPv6, even from its own link-local address or :: (a router advertisement from there would
        // take every tenant's default route).
        QCOMPARE(verdict(guard, frame(kMine, 0x86dd, ipv6(linkLocal))), FrameVerdict::Ipv6);
        QCOMPARE(verdict(guard, frame(kMine, 0x86dd, ipv6(unspecified))), FrameVerdict::Ipv6);
        // Another tenant's MAC: in Ethernet, or only in ARP's sender (the cache poisoner's frame).
        QCOMPARE(verdict(guard, frame(kOther, 0x0800, ipv4(kMyIp))), FrameVerdict::ForeignMac);
        QCOMPARE(verdict(guard, frame(kOther, 0x0806, arp(kOther, kOtherIp))), FrameVerdict::ForeignMac);
        QCOMPARE(verdict(guard, frame(kMine, 0x0806, arp(kOther, kMyIp))), FrameVerdict::ForeignMac);
        // Another tenant's address with its own MAC.
        QCOMPARE(verdict(guard, frame(kMine, 0x0806, arp(kMine, kOtherIp))), FrameVerdict::ForeignAddress);
        QCOMPARE(verdict(guard, frame(kMine, 0x0800, ipv4(kOtherIp))), FrameVerdict::ForeignAddress);
        QCOMPARE(verdict(guard, frame(kMine, 0x0800, ipv4({0, 0, 0, 0}))), FrameVerdict::ForeignAddress);
        QCOMPARE(verdict(guard, frame(kMine, 0x86dd, ipv6(otherLinkLocal))), FrameVerdict::Ipv6);
        // Tags, other protocols (spanning tree's 802.3 frames, LLDP), ARP for something else.
        QCOMPARE(verdict(guard, frame(kMine, 0x8100, {0, 1, 0x08, 0x00})), FrameVerdict::Tagged);
        QCOMPARE(verdict(guard, frame(kMine, 0x88a8, {0, 1, 0x81, 0x00})), FrameVerdict::Tagged);
        QCOMPARE(verdict(guard, frame(kMine, 0x0026, std::vector<uint8_t>(40, 0x42))),
                 FrameVerdict::OtherProtocol);
        QCOMPARE(verdict(guard, frame(kMine, 0x88cc, std::vector<uint8_t>(40, 0))),
                 FrameVerdict::OtherProtocol);
        auto oddArp = arp(kMine, kMyIp);
        oddArp[3] = 0x01;  // protocol 0x0801
        QCOMPARE(verdict(guard, frame(kMine, 0x0806, oddArp)), FrameVerdict::OtherProtocol);
        auto v6InV4 = ipv4(kMyIp);
        v6InV4[0] = 0x65;
        QCOMPARE(verdict(guard, frame(kMine, 0x0800, v6InV4)), FrameVerdict::OtherProtocol);
        // Cut short: before the Ethernet header ends, or the header its type names.
        QCOMPARE(verdict(guard, std::vector<uint8_t>(13, 0)), FrameVerdict::Short);
        QCOMPARE(verdict(guard, {}), FrameVerdict::Short);
        auto shortArp = frame(kMine, 0x0806, arp(kMine, kMyIp));
        shortArp.resize(41);
        QCOMPARE(verdict(guard, shortArp), FrameVerdict::Short);
        auto shortIp = frame(kMine, 0x0800, ipv4(kMyIp));
        shortIp.resize(14 + 19);
        QCOMPARE(verdict(guard, shortIp), FrameVerdict::Short);

        // A head longer than the frame says: the frame's length counts.
        const auto full = frame(kMine, 0x0800, ipv4(kMyIp));
        QCOMPARE(checkSource(guard, std::span(full).first(34), 20), FrameVerdict::Short);
    }

    void withoutAnAddressOnlyTheMacIsHeld() {
        const SourceGuard guard{kMine, std::nullopt};
        QCOMPARE(verdict(guard, frame(kMine, 0x0800, ipv4(kOtherIp))), FrameVerdict::Pass);
        QCOMPARE(verdict(guard, frame(kMine, 0x0806, arp(kMine, kOtherIp))), FrameVerdict::Pass);
        QCOMPARE(verdict(guard, frame(kMine, 0x88cc, std::vector<uint8_t>(40, 0))), FrameVerdict::Pass);
        QCOMPARE(verdict(guard, frame(kMine, 0x86dd, ipv6({}))), FrameVerdict::Pass);
        QCOMPARE(verdict(guard, frame(kOther, 0x0800, ipv4(kMyIp))), FrameVerdict::ForeignMac);
        QCOMPARE(verdict(guard, frame(kMine, 0x0806, arp(kOther, kMyIp))), FrameVerdict::ForeignMac);
        QCOMPARE(verdict(guard, frame(kMine, 0x8100, {0, 1, 0x08, 0x00})), FrameVerdict::Tagged);
    }

    void addressesAreReadAsTheConfigWritesThem() {
        QCOMPARE(ipv4Of("10.88.0.5/16"), std::optional<Ip>(kMyIp));
        QCOMPARE(ipv4Of("10.88.0.5"), std::optional<Ip>(kMyIp));
        QVERIFY(!ipv4Of("10.88.0/16"));
        QVERIFY(!ipv4Of("fe80::1/64"));
        QVERIFY(!ipv4Of(""));
        QCOMPARE(macText(kMine), std::string("02:4a:58:12:34:56"));
    }

    void aCardOnATap() {
        if (!haveTap_) QSKIP("needs root and /dev/net/tun (it makes a tap)");
        auto memory = GuestMemory::create({{GuestAddress(0), 1 << 20}});
        QVERIFY(memory.ok());
        const auto mac = NetDevice::macFor(name_);
        QCOMPARE(mac, NetDevice::macFor(name_));
        QVERIFY(mac[0] == 0x02);  // locally administered, unicast
        auto card = NetDevice::open(*memory, name_, mac);
        QVERIFY2(card.ok(), card.ok() ? "" : card.error().message().c_str());
        MmioTransport transport(*memory, *card, [] {});
        uint8_t config[6] = {};
        transport.read(0x100, config);
        QVERIFY(std::memcmp(config, mac.data(), 6) == 0);
        QCOMPARE(transport.pollFd(), -1);  // no driver yet: nothing to wait on
        // A second card on the same tap: the kernel says busy, and so does the error.
        auto second = NetDevice::open(*memory, name_, mac);
        QVERIFY(!second.ok());
    }

    // A guest that claims another tenant's MAC or address gets nothing onto the bridge: the card
    // drops the frame, counts it, and the tap's host side never sees it; its own frames go through,
    // however it splits them into buffers.
    void aSpoofedFrameNeverReachesTheTap() {
        if (!haveTap_) QSKIP("needs root and /dev/net/tun (it makes a tap)");
        auto memory = GuestMemory::create({{GuestAddress(0), 1 << 20}});
        QVERIFY(memory.ok());
        auto card = NetDevice::open(*memory, name_, kMine, "10.88.0.5/16");
        QVERIFY2(card.ok(), card.ok() ? "" : card.error().message().c_str());
        QVERIFY(!NetDevice::open(*memory, name_, kMine, "10.88.0/16").ok());

        const int index = tapUp(name_);
        QVERIFY(index > 0);
        UniqueFd packets(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL)));
        QVERIFY(packets);
        sockaddr_ll at{};
        at.sll_family = AF_PACKET;
        at.sll_protocol = htons(ETH_P_ALL);
        at.sll_ifindex = index;
        QVERIFY(::bind(packets.get(), reinterpret_cast<sockaddr*>(&at), sizeof at) == 0);
        arrived(packets.get(), 50);  // what the host said when the tap came up

        MmioTransport transport(*memory, *card, [] {});
        Sender guest{*memory, transport};
        guest.start();
        const auto own = frame(kMine, 0x0800, ipv4(kMyIp));
        const auto ownArp = frame(kMine, 0x0806, arp(kMine, kMyIp));
        const auto asOther = frame(kOther, 0x0800, ipv4(kOtherIp));
        const auto poisoner = frame(kMine, 0x0806, arp(kMine, kOtherIp));
        const auto tagged = frame(kMine, 0x8100, {0, 1, 0x08, 0x00, 0x45, 0, 0, 20});
        QVERIFY(guest.send(own));
        QVERIFY(guest.send(asOther));
        QVERIFY(guest.send(poisoner, 7));  // split inside the Ethernet header
        QVERIFY(guest.send(ownArp, 3));
        QVERIFY(guest.send(tagged));
        // Offloads: a checksum left to the host (UDP's, at 34 + 6) goes out; a header asking for
        // what the card did not offer (UDP segmentation, DATA_VALID) or with its checksum's place
        // outside the frame is dropped before the tap parses it.
        const auto ownUdp = frame(kMine, 0x0800, ipv4(kMyIp));
        QVERIFY(guest.send(ownUdp, 0, {1, 0, 0, 0, 0, 0, 34, 0, 6, 0, 0, 0}));
        QVERIFY(guest.send(ownUdp, 0, {1, 3, 42, 0, 0, 2, 34, 0, 6, 0, 0, 0}));
        QVERIFY(guest.send(ownUdp, 0, {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        QVERIFY(guest.send(ownUdp, 0, {1, 0, 0, 0, 0, 0, 34, 0, 7, 0, 0, 0}));
        QCOMPARE(transport.status() & kStatusNeedsReset, 0u);  // dropped, not broken
        const auto seen = arrived(packets.get(), 300);
        const auto has = [&](const std::vector<uint8_t>& f) {
            return std::any_of(seen.begin(), seen.end(), [&](const auto& s) {
                return s.size() >= f.size() && std::equal(f.begin(), f.end(), s.begin());
            });
        };
        QVERIFY(has(own));
        QVERIFY(has(ownArp));
        QVERIFY(!has(asOther));
        QVERIFY(!has(poisoner));
        QVERIFY(!has(tagged));
        std::map<std::string, uint64_t> counters;
        for (const auto& [name, value] : (*card)->counters()) counters[name] = value;
        QCOMPARE(counters["tx_frames"], uint64_t(3));
        QCOMPARE(counters["tx_spoofed"], uint64_t(3));
        QCOMPARE(counters["tx_dropped"], uint64_t(3));
    }

    // The transmit header asks only for what the card offers — a checksum, TCP/IPv4 segmentation
    // (which needs the checksum) — with each offset inside the frame.
    void offloadHeadersAreCheckedBeforeTheTap() {
        using H = std::array<uint8_t, 12>;
        const auto ok = [](const H& h, std::size_t length) { return NetDevice::headerMakesSense(h, length); };
        QVERIFY(ok(H{}, 60));                                                // nothing asked
        QVERIFY(ok(H{1, 0, 0, 0, 0, 0, 34, 0, 16, 0}, 60));                  // TCP's checksum at 34 + 16
        QVERIFY(!ok(H{1, 0, 0, 0, 0, 0, 34, 0, 16, 0}, 51));                 // ... past a short frame's end
        QVERIFY(!ok(H{1, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}, 65000));    // far past it
        QVERIFY(ok(H{1, 1, 66, 0, 0xa8, 0x05, 34, 0, 16, 0}, 60000));        // TSO4, 1448-byte segments
        QVERIFY(!ok(H{0, 1, 66, 0, 0xa8, 0x05, 0, 0, 0, 0}, 60000));         // TSO without the checksum
        QVERIFY(!ok(H{1, 1, 66, 0, 0, 0, 34, 0, 16, 0}, 60000));             // segments of 0 bytes
        QVERIFY(!ok(H{1, 1, 0xff, 0xff, 0xa8, 0x05, 34, 0, 16, 0}, 60000));  // headers past the end
        QVERIFY(!ok(H{1, 1, 66, 0, 0xa8, 0x05, 34, 0, 16, 0}, 70000));       // more than a tap takes
        for (uint8_t gso : {3, 4, 5, 0x81})  // UDP, TCPv6, UDP_L4, ECN: not offered
            QVERIFY2(!ok(H{1, gso, 66, 0, 0xa8, 0x05, 34, 0, 16, 0}, 60000),
                     qPrintable(QString::number(gso)));
        for (uint8_t flags : {2, 4, 0x80})  // DATA_VALID (the device's), RSC_INFO, unknown
            QVERIFY2(!ok(H{flags, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 60), qPrintable(QString::number(flags)));
    }

    // Receive offloads follow the driver: the tap hands 64 KiB TCP frames only to a driver that took
    // GUEST_TSO4 with GUEST_CSUM — after a reset, as the next driver takes them. A frame longer than the
    // buffers the driver posted (a driver that took TSO4 and posts small ones) is dropped and counted, its
    // chain back with nothing in it; one that fits arrives whole, after the header the tap wrote.
    void receiveOffloadsFollowTheDriver() {
        constexpr uint64_t guestCsum = 1u << 1, guestTso4 = 1u << 7, mac = 1u << 5;
        QCOMPARE(NetDevice::tapOffloadsFor(0), 0u);
        QCOMPARE(NetDevice::tapOffloadsFor(guestTso4), 0u);  // TSO4 needs the checksum
        QCOMPARE(NetDevice::tapOffloadsFor(guestCsum), unsigned(TUN_F_CSUM));
        QCOMPARE(NetDevice::tapOffloadsFor(guestCsum | guestTso4), unsigned(TUN_F_CSUM | TUN_F_TSO4));
        if (!haveTap_) QSKIP("needs root and /dev/net/tun (it makes a tap)");
        auto memory = GuestMemory::create({{GuestAddress(0), 1 << 20}});
        QVERIFY(memory.ok());
        auto card = NetDevice::open(*memory, name_, kMine);
        QVERIFY2(card.ok(), card.ok() ? "" : card.error().message().c_str());
        QCOMPARE((*card)->deviceFeatures() & (guestCsum | guestTso4), guestCsum | guestTso4);
        MmioTransport transport(*memory, *card, [] {});
        constexpr GuestAddress desc{0x1000}, avail{0x2000}, used{0x3000}, buffers{0x10000};
        QCOMPARE(tapSegments(name_), 0);
        driver::bringUp(transport, kFeatureVersion1 | mac | guestCsum | guestTso4, 0, 8, desc, avail, used);
        QCOMPARE(transport.status() & kStatusDriverOk, kStatusDriverOk);
        QCOMPARE(tapSegments(name_), 1);
        driver::writeRegister(transport, 0x070, 0);  // reset: the next driver decides
        driver::bringUp(transport, kFeatureVersion1 | mac, 0, 8, desc, avail, used);
        QCOMPARE(tapSegments(name_), 0);

        // Frames into the card: sent on the tap's host side (no IPv6 there, so the host sends
        // nothing of its own), read when the driver offers a buffer.
        std::FILE* v6 = std::fopen(("/proc/sys/net/ipv6/conf/" + name_ + "/disable_ipv6").c_str(), "w");
        if (v6) std::fputs("1", v6), std::fclose(v6);
        const int index = tapUp(name_);
        QVERIFY(index > 0);
        UniqueFd packets(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL)));
        QVERIFY(packets);
        sockaddr_ll to{};
        to.sll_family = AF_PACKET;
        to.sll_ifindex = index;
        to.sll_halen = 6;
        const auto sendToGuest = [&](const std::vector<uint8_t>& f) {
            return ::sendto(packets.get(), f.data(), f.size(), 0, reinterpret_cast<sockaddr*>(&to),
                            sizeof to) == ssize_t(f.size());
        };
        uint16_t availIdx = 0, usedSeen = 0;
        // One writable buffer of `room` bytes; returns the length the device put in the used ring.
        const auto offer = [&](uint32_t room) -> std::optional<uint32_t> {
            const uint16_t slot = availIdx % 8;
            if (!memory->writeObj(desc + 16 * uint64_t(slot), (buffers + 4096 * uint64_t(slot)).raw()).ok() ||
                !memory->writeObj(desc + 16 * uint64_t(slot) + 8, room).ok() ||
                !memory->writeObj(desc + 16 * uint64_t(slot) + 12, uint16_t(2)).ok() ||  // WRITE
                !memory->writeObj(avail + 4 + 2 * uint64_t(slot), slot).ok() ||
                !memory->writeObj(avail + 2, ++availIdx).ok())
                return std::nullopt;
            driver::writeRegister(transport, 0x050, 0);  // QueueNotify: served at once
            auto idx = memory->readObj<uint16_t>(used + 2);
            if (!idx || *idx == usedSeen) return std::nullopt;
            auto length = memory->readObj<uint32_t>(used + 4 + 8 * uint64_t(usedSeen % 8) + 4);
            if (!length) return std::nullopt;
            ++usedSeen;
            return *length;
        };
        // The tap's queue is fed once the kernel has seen its carrier (the card's attach) come up:
        // until then what the host sends is dropped unseen.
        for (int i = 0; i < 300; ++i) {
            std::FILE* f = std::fopen(("/sys/class/net/" + name_ + "/operstate").c_str(), "r");
            char state[16] = {};
            if (f) std::fgets(state, sizeof state, f), std::fclose(f);
            if (std::strncmp(state, "up", 2) == 0) break;
            ::usleep(10'000);
        }
        const auto big = frame(kOther, 0x0800, std::vector<uint8_t>(600, 0x5a));
        const auto small = frame(kOther, 0x0800, std::vector<uint8_t>(46, 0xa5));
        QVERIFY(sendToGuest(big));
        QVERIFY(sendToGuest(small));
        ::usleep(100'000);
        // The big frame, into 200 bytes: cut by the tap (the driver is told 212 bytes, all its
        // buffer holds) — or, where the tap's kernel reports the whole frame's length instead of
        // what it wrote, dropped (0 bytes, counted). Never a length past the buffer.
        const auto cut = offer(12 + 200);
        QVERIFY(cut == std::optional<uint32_t>(0) || cut == std::optional<uint32_t>(12 + 200));
        QCOMPARE(offer(12 + 2000), std::optional<uint32_t>(uint32_t(12 + small.size())));
        std::vector<uint8_t> got(small.size());
        QVERIFY(memory->read(buffers + 4096 * 1 + 12, got).ok());
        QVERIFY(got == small);
        auto buffersCount = memory->readObj<uint16_t>(buffers + 4096 * 1 + 10);
        QVERIFY(buffersCount.ok());
        QCOMPARE(*buffersCount, uint16_t(1));  // num_buffers
        std::map<std::string, uint64_t> counters;
        for (const auto& [name, value] : (*card)->counters()) counters[name] = value;
        const bool dropped = *cut == 0;
        QCOMPARE(counters["rx_dropped"], uint64_t(dropped ? 1 : 0));
        QCOMPARE(counters["rx_frames"], uint64_t(dropped ? 1 : 2));
        QCOMPARE(counters["rx_bytes"], uint64_t(small.size() + (dropped ? 0 : 200)));
        QCOMPARE(transport.status() & kStatusNeedsReset, 0u);
    }

    void aMissingTapIsRefusedNotMade() {
        if (!haveTap_) QSKIP("needs root and /dev/net/tun (it makes a tap)");
        auto memory = GuestMemory::create({{GuestAddress(0), 1 << 20}});
        QVERIFY(memory.ok());
        const std::string missing = name_ + "x";
        auto card = NetDevice::open(*memory, missing, NetDevice::macFor(missing));
        QVERIFY(!card.ok());
        QCOMPARE(card.error().code(), ENODEV);
        QVERIFY(::access(("/sys/class/net/" + missing).c_str(), F_OK) != 0);  // not made
        QVERIFY(!NetDevice::open(*memory, "a/b", NetDevice::macFor("x")).ok());
        QVERIFY(!NetDevice::open(*memory, std::string(20, 'n'), NetDevice::macFor("x")).ok());
    }
};

QTEST_GUILESS_MAIN(TestVirtioNet)
#include "test_virtio_net.moc"
