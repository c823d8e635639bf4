#include "vmm/virtio/source_guard.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

namespace juxta::vmm::virtio {
namespace {

constexpr std::size_t kEthernet = 14;
constexpr uint16_t kTypeIpv4 = 0x0800, kTypeArp = 0x0806, kTypeIpv6 = 0x86dd;
constexpr uint16_t kTypeVlan = 0x8100, kTypeQinQ = 0x88a8, kTypeQinQOld = 0x9100;

uint16_t be16(std::span<const uint8_t> b, std::size_t at) {
    return uint16_t(b[at] << 8 | b[at + 1]);
}

bool same(std::span<const uint8_t> b, std::size_t at, std::span<const uint8_t> want) {
    return std::equal(want.begin(), want.end(), b.begin() + std::ptrdiff_t(at));
}

bool zero(std::span<const uint8_t> b, std::size_t at, std::size_t n) {
    return std::all_of(b.begin() + std::ptrdiff_t(at), b.begin() + std::ptrdiff_t(at + n),
                       [](uint8_t x) { return x == 0; });
}

}  // namespace

FrameVerdict checkSource(const SourceGuard& guard, std::span<const uint8_t> head, std::size_t frameLength) {
    head = head.first(std::min(head.size(), frameLength));
    if (head.size() < kEthernet) return FrameVerdict::Short;
    if (!same(head, 6, guard.mac)) return FrameVerdict::ForeignMac;
    const uint16_t type = be16(head, 12);
    if (type == kTypeVlan || type == kTypeQinQ || type == kTypeQinQOld) return FrameVerdict::Tagged;
    if (type == kTypeArp) {
        // htype 1 (Ethernet), ptype IPv4, hlen 6, plen 4; then op, sender MAC, sender IP, target...
        if (head.size() < kEthernet + 28) return FrameVerdict::Short;
        if (be16(head, 14) != 1 || be16(head, 16) != kTypeIpv4 || head[18] != 6 || head[19] != 4)
            return FrameVerdict::OtherProtocol;
        if (!same(head, 22, guard.mac)) return FrameVerdict::ForeignMac;
        // A probe (RFC 5227) says 0.0.0.0: it claims nothing.
        if (guard.ipv4 && !same(head, 28, *guard.ipv4) && !zero(head, 28, 4))
            return FrameVerdict::ForeignAddress;
        return FrameVerdict::Pass;
    }
    if (!guard.ipv4) return FrameVerdict::Pass;  // the user's network plan: the MAC is all Juxta knows
    if (type == kTypeIpv4) {
        if (head.size() < kEthernet + 20) return FrameVerdict::Short;
        if (head[14] >> 4 != 4) return FrameVerdict::OtherProtocol;
        return same(head, kEthernet + 12, *guard.ipv4) ? FrameVerdict::Pass : FrameVerdict::ForeignAddress;
    }
    // IPv6 too: juxta0 has no IPv6 plan, and from its own link-local address a guest would still
    // reach every tenant with router advertisements (their default route), neighbour
    // advertisements (another's address) and redirects.
    return type == kTypeIpv6 ? FrameVerdict::Ipv6 : FrameVerdict::OtherProtocol;
}

const char* describe(FrameVerdict verdict) {
    switch (verdict) {
        case FrameVerdict::Pass:
            return "its own";
        case FrameVerdict::Short:
            return "cut short";
        case FrameVerdict::ForeignMac:
            return "from a MAC address not its own";
        case FrameVerdict::ForeignAddress:
            return "from an IP address not its own";
        case FrameVerdict::Tagged:
            return "VLAN-tagged";
        case FrameVerdict::OtherProtocol:
            return "neither ARP nor IPv4";
        case FrameVerdict::Ipv6:
            return "IPv6 (the bridge is IPv4 only)";
    }
    return "?";
}

std::optional<std::array<uint8_t, 4>> ipv4Of(std::string_view address) {
    const std::string text(address.substr(0, address.find('/')));
    std::array<uint8_t, 4> out{};
    if (::inet_pton(AF_INET, text.c_str(), out.data()) != 1) return std::nullopt;
    return out;
}

std::string macText(std::span<const uint8_t> mac) {
    std::string out;
    char part[4];
    for (std::size_t i = 0; i < mac.size(); ++i) {
        std::snprintf(part, sizeof part, i ? ":%02x" : "%02x", mac[i]);
        out += part;
    }
    return out;
}

}  // namespace juxta::vmm::virtio
