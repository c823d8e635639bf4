#pragma once
// Bridge networking (--net bridge): a Juxta bridge on the host, juxta0 with 10.123.0.1/16
// (created on first use), and per container a veth pair — jx<id> on the host, enslaved to the
// bridge, and eth0 in the container's network namespace with an address leased from
// 10.123.0.0/16 and a default route via the bridge. Containers on the bridge reach each other
// and the host reaches them; nothing is forwarded or NATed beyond the bridge.
//
// The veth pair lives and dies with the container's network namespace: when the last process of
// the container exits (its monitor crashing included: the init dies with it), the kernel
// deletes both ends. cleanup deletes the host end at once all the same, so a stopped container
// leaves no link behind even for the moment the kernel takes.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "runtime/netlink.h"

namespace juxta::runtime {

inline constexpr const char* kBridgeName = "juxta0";
inline constexpr int kBridgePrefixLength = 16;
Ipv4 bridgeGateway();  // 10.123.0.1

// Leases, one file per address: paths::dataDir()/network/leases/<address> holding the container
// id, created with O_EXCL (two starts never get the same address). A kept container keeps its
// address across restarts until it is removed.
Result<Ipv4> leaseAddress(const std::string& id);  // the id's lease, or a new one
std::optional<Ipv4> leasedAddress(const std::string& id);
void releaseAddress(const std::string& id);
// The ids that hold a lease (for `system prune`: a lease whose holder is gone).
std::vector<std::string> leaseHolders();

std::string hostLinkName(const std::string& id);  // "jx" + the id's first 12 characters

// In the runtime, after clone: the bridge (made if missing), the veth pair with its peer as eth0
// in the network namespace of initPid, the host end on the bridge and up.
Status plugIntoBridge(const std::string& id, pid_t initPid);
// For a VM: a persistent tap named hostLinkName(id) on the bridge (made if missing), up; its
// virtio-net card attaches to it (juxta-vmm --net). One address pool and one bridge for both
// kinds, so VMs and containers reach each other.
Status plugTapIntoBridge(const std::string& id);
// Deletes the host end (and so both ends; a VM's tap) if it is still there.
Status unplugFromBridge(const std::string& id);

// In the container's init, once plugged: eth0 up with its address, the default route.
Status configureContainerLink(Ipv4 address);

}  // namespace juxta::runtime
