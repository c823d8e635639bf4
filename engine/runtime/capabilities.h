#pragma once
// Capabilities: the container keeps Docker's default set (14 of ~41) in its bounding, permitted,
// effective and inheritable sets; every other capability is dropped from the bounding set so
// nothing exec'd later can regain it. Ambient capabilities are cleared.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::runtime {

// A set of capability numbers (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40) as a bit mask.
struct CapabilitySet {
    uint64_t bits = 0;
    bool has(int cap) const { return cap >= 0 && cap < 64 && (bits >> cap) & 1; }
    void add(int cap) { bits |= uint64_t(1) << cap; }
};

// CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP NET_BIND_SERVICE
// SYS_CHROOT KILL AUDIT_WRITE — the set runc/Docker give a container by default.
CapabilitySet dockerDefaultCapabilities();
std::vector<std::string> capabilityNames(const CapabilitySet& set);  // "CAP_CHOWN", ...

// "CAP_NET_ADMIN" (or "NET_ADMIN") to its number; EINVAL for a name this build does not know.
Result<int> capabilityByName(const std::string& name);

// The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap); read before pivot_root.
int lastCapability();

// In the child, before exec: drops from the bounding set what is not in keep (caps 0..lastCap),
// then sets permitted = effective = inheritable = keep and clears ambient. Runs before setuid
// with keepCaps so a non-root user keeps them until exec (where, as in Docker, they are lost).
Status dropBoundingCapabilities(const CapabilitySet& keep, int lastCap);
Status setCapabilities(const CapabilitySet& keep);

}  // namespace juxta::runtime
