#pragma once
// What a VM's network card may put on the bridge: frames from its own MAC address and, where Juxta
// gave the VM an address, ARP and IPv4 from that address only and nothing else — no IPv6 (juxta0 is
// IPv4 only, and from its own link-local address a guest could still send router and neighbour
// advertisements that take the other tenants' routes and addresses), no VLAN tags, no spanning-tree
// or other layer-2 protocols. Everything else on
// juxta0 is another tenant's: a guest that claimed a container's MAC would take its frames (the
// bridge learns ports from source addresses), one that claimed its IP address in ARP would take its
// connections. libvirt's clean-traffic filter and OpenStack's port security cut the same way; here
// the cut is in the VMM, before the tap, so it needs no firewall rules on the host and holds for a
// VM whatever the host's firewall is.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace juxta::vmm::virtio {

struct SourceGuard {
    std::array<uint8_t, 6> mac{};
    // Juxta's address for the VM (network order). None (a tap of the user's own plan, say with DHCP):
    // only the MAC is held to, in the Ethernet header and in ARP.
    std::optional<std::array<uint8_t, 4>> ipv4;
};

enum class FrameVerdict : uint8_t {
    Pass,
    Short,           // ends before the header its type names
    ForeignMac,      // another source MAC, in Ethernet or in ARP
    ForeignAddress,  // another IPv4 or IPv6 source address, in IP or in ARP
    Tagged,          // a VLAN tag: the bridge is one untagged network
    OtherProtocol,   // neither ARP nor IPv4 (or ARP for something but IPv4 over Ethernet)
    Ipv6,            // with an address from Juxta: the bridge has no IPv6
};

// The bytes of a frame's start that checkSource reads: Ethernet and ARP or an IPv4 header.
constexpr std::size_t kGuardedBytes = 14 + 28;

// `head`: the frame's first min(frameLength, kGuardedBytes) bytes.
FrameVerdict checkSource(const SourceGuard& guard, std::span<const uint8_t> head, std::size_t frameLength);
const char* describe(FrameVerdict verdict);

// "10.88.0.5/16" or "10.88.0.5" → its address; none if it is not a dotted IPv4 address.
std::optional<std::array<uint8_t, 4>> ipv4Of(std::string_view address);
// "02:4a:58:00:00:01"
std::string macText(std::span<const uint8_t> mac);

}  // namespace juxta::vmm::virtio
