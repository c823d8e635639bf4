#pragma once
// /dev inside the container: a small tmpfs with the standard nodes (null, zero, full, random,
// urandom, tty), a devpts instance of its own (newinstance) with ptmx pointing into it, /dev/shm,
// /dev/mqueue and the fd/stdin/stdout/stderr links.
#include <filesystem>
#include <span>

#include "core/error.h"

namespace juxta::runtime {

struct DeviceNode {
    const char* name;
    unsigned major;
    unsigned minor;
};
// The character devices created in every container's /dev (all mode 0666).
std::span<const DeviceNode> standardDevices();

// Mounts and populates <rootfs>/dev (the caller is in the container's mount namespace).
Status setupDev(const std::filesystem::path& rootfs);

}  // namespace juxta::runtime
