#pragma once
// Whether a directory is the root of a mount. A container needs its host's "/" to be one: the
// runtime makes every mount private from "/" down and pivots the root away, and the kernel refuses
// both (EINVAL) where "/" is a plain directory — inside a chroot into a debootstrapped tree, or
// some build sandboxes. Both the runtime and `juxtactl host` say so in the same words.
#include <filesystem>

#include "core/error.h"

namespace juxta {

// statx's STATX_ATTR_MOUNT_ROOT (Linux 5.8+) for `dir`, following a final symlink.
Result<bool> isMountRoot(const std::filesystem::path& dir);

// What a user can do about a root that is not a mount point, as one sentence.
extern const char* const kRootNotAMountPoint;

// The error for `what` failing with `err`: kRootNotAMountPoint when it is EINVAL and "/" is no
// mount root (what the kernel means there), else the plain errno message.
Error rootMountError(std::string_view what, int err);

}  // namespace juxta
