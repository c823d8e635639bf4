#pragma once
// /dev inside the container: a small tmpfs with the standard nodes (null, zero, full, random,
// urandom, tty), a devpts instance of its own (newinstance) with ptmx pointing into it, /dev/shm,
// /dev/mqueue and the fd/stdin/stdout/stderr links.
#include <span>
#include <string>

#include "core/error.h"

namespace juxta::runtime {

struct DeviceNode {
    const char* name;
    unsigned major;
    unsigned minor;
};

// Which devices a container may use (Docker's default rules): mknod of any node, but read and
// write only of the standard nodes, the pty pairs and /dev/net/tun. cgroup v1 writes them to
// devices.allow; cgroup v2 compiles them into a BPF device program (cgroup_v2_devices.h).
struct DeviceRule {
    char type;                 // 'c' or 'b'
    int major;                 // -1: any
    int minor;                 // -1: any
    bool mknodOnly;            // true: "m"; false: "rwm"
    std::string toV1() const;  // "c 1:3 rwm", "b *:* m"
};
std::span<const DeviceRule> allowedDeviceRules();

// Mounts and populates /dev of the root at rootFd (the caller is in the container's mount
// namespace); a /dev that is a symlink in the image is refused (root_path.h).
// bindFromHost (rootless: a user namespace may not mknod devices) bind-mounts the host's nodes
// onto empty files instead, as rootless runc and crun do.
Status setupDev(int rootFd, bool bindFromHost = false);

}  // namespace juxta::runtime
