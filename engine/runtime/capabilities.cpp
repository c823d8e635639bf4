#include "runtime/capabilities.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace juxta::runtime {
namespace {

constexpr const char* kNames[] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

}  // namespace

CapabilitySet dockerDefaultCapabilities() {
    CapabilitySet s;
    for (int cap :
         {CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD, CAP_NET_RAW, CAP_SETGID, CAP_SETUID,
          CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE})
        s.add(cap);
    return s;
}

std::vector<std::string> capabilityNames(const CapabilitySet& set) {
    std::vector<std::string> names;
    for (int cap = 0; cap < 64; ++cap)
        if (set.has(cap))
            names.push_back(cap < int(std::size(kNames)) ? kNames[cap] : "CAP_" + std::to_string(cap));
    return names;
}

Result<int> capabilityByName(const std::string& name) {
    const std::string full = name.rfind("CAP_", 0) == 0 ? name : "CAP_" + name;
    for (int cap = 0; cap < int(std::size(kNames)); ++cap)
        if (full == kNames[cap]) return cap;
    return Error(EINVAL, "unknown capability '" + name + "'");
}

int lastCapability() {
    int last = CAP_LAST_CAP;
    if (FILE* f = std::fopen("/proc/sys/kernel/cap_last_cap", "re")) {
        if (std::fscanf(f, "%d", &last) != 1) last = CAP_LAST_CAP;
        std::fclose(f);
    }
    return last;
}

Status dropBoundingCapabilities(const CapabilitySet& keep, int lastCap) {
    for (int cap = 0; cap <= lastCap; ++cap)
        if (!keep.has(cap) && ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            return Error::fromErrno("drop capability " + std::to_string(cap) + " from the bounding set");
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return Error::fromErrno("clear ambient capabilities");
    return {};
}

Status setCapabilities(const CapabilitySet& keep) {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    for (int i = 0; i < 2; ++i) {
        const uint32_t word = uint32_t(keep.bits >> (32 * i));
        data[i].effective = data[i].permitted = word;
        data[i].inheritable = 0;  // empty, as runc since CVE-2022-24769: exec never inherits them
    }
    if (::syscall(SYS_capset, &header, data) < 0) return Error::fromErrno("set capabilities");
    return {};
}

}  // namespace juxta::runtime
