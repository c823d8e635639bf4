#include "core/host_root.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

namespace juxta {

const char* const kRootNotAMountPoint =
    "the root filesystem is not a mount point (running inside a chroot?): containers need / to be a "
    "mount — bind-mount the new root onto itself (mount --rbind DIR DIR) before chroot DIR";

Result<bool> isMountRoot(const std::filesystem::path& dir) {
    struct statx st {};
    if (::statx(AT_FDCWD, dir.c_str(), AT_NO_AUTOMOUNT, STATX_TYPE, &st) < 0)
        return Error::fromErrno("statx " + dir.string());
    if (!(st.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
        return Error(ENOTSUP, "this kernel does not tell whether " + dir.string() + " is a mount point");
    return (st.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

Error rootMountError(std::string_view what, int err) {
    if (err == EINVAL) {
        auto mounted = isMountRoot("/");
        if (mounted && !*mounted) return Error(err, std::string(what) + ": " + kRootNotAMountPoint);
    }
    return Error::fromErrno(what, err);
}

}  // namespace juxta
