#include "runtime/rootfs.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/host_root.h"
#include "runtime/devices.h"
#include "runtime/overlay.h"
#include "runtime/root_path.h"
#include "runtime/tree_copy.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

const std::vector<const char*>& maskedPaths() {
    static const std::vector<const char*> paths = {
        "/proc/acpi",
        "/proc/asound",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/proc/scsi",
        "/sys/firmware",
        "/sys/devices/virtual/powercap",
    };
    return paths;
}

const std::vector<const char*>& readOnlyPaths() {
    static const std::vector<const char*> paths = {
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    };
    return paths;
}

namespace {

// Mounts a fresh kernel filesystem on a directory of the image that is not a symlink.
Status mountKernelFs(int rootFd, const char* dir, const char* type, unsigned long flags) {
    auto target = mountDirInRoot(rootFd, dir);
    if (!target) return target.error();
    if (::mount(type, fdPath(target->get()).c_str(), type, flags, nullptr) < 0)
        return Error::fromErrno(std::string("mount ") + type + " at /" + dir);
    return {};
}

Status bindSysReadOnly(int rootFd) {
    auto target = mountDirInRoot(rootFd, "sys");
    if (!target) return target.error();
    const std::string at = fdPath(target->get());
    if (::mount("/sys", at.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
        return Error::fromErrno("bind /sys (sysfs refused)");
    // The fd names the directory under the new mount: the remount goes through the mount itself.
    auto mounted = mountDirInRoot(rootFd, "sys");
    if (!mounted) return mounted.error();
    if (::mount(nullptr, fdPath(mounted->get()).c_str(), nullptr,
                MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0)
        return Error::fromErrno("make the bound /sys read-only");
    return {};
}

// A volume that is empty when its container starts gets what the image has where it is mounted
// (tree_copy.h), as Docker and Podman do; one that holds anything is left as it is. `target` is
// the directory the volume goes on, as mountTargetInRoot resolved it; it is copied only when it is
// the image's own (on the container root's filesystem: not a volume or host directory mounted
// there by an earlier -v). Under an exclusive lock of the volume's directory (two containers
// starting at once copy once); a "copy-pending" file beside _data while it copies: a copy cut
// short (the start killed) is emptied and done again by the next start.
Status copyUp(int rootFd, int target, const MountSpec& m) {
    const std::string what = "copy the image's " + m.destination + " into its volume";
    UniqueFd image(::openat(target, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!image) return Error::fromErrno(what);
    struct stat rootStat {
    }, imageStat{};
    if (::fstat(rootFd, &rootStat) < 0 || ::fstat(image.get(), &imageStat) < 0) return Error::fromErrno(what);
    if (rootStat.st_dev != imageStat.st_dev) return {};
    UniqueFd dir(::open(m.source.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir || ::flock(dir.get(), LOCK_EX) < 0)
        return Error::fromErrno("lock the volume " + m.source.string());
    UniqueFd volume(::openat(dir.get(), "_data", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!volume) return Error::fromErrno("open the volume " + m.source.string());
    struct stat pending {};
    if (::fstatat(dir.get(), "copy-pending", &pending, AT_SYMLINK_NOFOLLOW) == 0) {
        if (Status st = emptyDirectory(volume.get()); !st)
            return st.error().wrap("empty a half-copied volume");
    } else {
        auto empty = isEmptyDirectory(volume.get());
        if (!empty) return empty.error().wrap("volume " + m.source.string());
        if (!*empty) return {};
    }
    UniqueFd marker(::openat(dir.get(), "copy-pending", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!marker) return Error::fromErrno("mark the volume " + m.source.string() + " as being copied");
    auto copied = copyTree(image.get(), volume.get());
    if (!copied) return copied.error().wrap(what);  // what it made is gone: the marker can go too
    if (::unlinkat(dir.get(), "copy-pending", 0) < 0) return Error::fromErrno(what);
    return {};
}

// A bind mount through the new mount API: the source's whole tree cloned (AT_RECURSIVE), made
// read-only in every mount of it when asked (a plain MS_REC bind remounted read-only leaves its
// submounts writable: `-v /:/host:ro` would hand out the host's /proc/sys), and moved onto the
// target's fd — never found again by its path.
Status bindMount(int target, const MountSpec& m) {
    UniqueFd tree(
        ::open_tree(AT_FDCWD, m.source.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE));
    if (!tree) return Error::fromErrno("bind " + m.source.string() + " at " + m.destination);
    if (m.readOnly) {
        mount_attr attr{};
        attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
        if (::mount_setattr(tree.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0)
            return Error::fromErrno("make " + m.destination + " read-only");
    }
    if (::move_mount(tree.get(), "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        return Error::fromErrno("bind " + m.source.string() + " at " + m.destination);
    return {};
}

Status mountExtra(int rootFd, const MountSpec& m) {
    const bool bind = m.kind == MountSpec::Kind::Bind;
    struct stat st {};
    if (bind && ::stat(m.source.c_str(), &st) < 0) return Error::fromErrno("bind mount " + m.source.string());
    auto target = mountTargetInRoot(rootFd, m.destination, bind && !S_ISDIR(st.st_mode));
    if (!target) return target.error();
    if (bind && m.copyUp)
        if (Status st = copyUp(rootFd, target->get(), m); !st) return st;
    if (bind) return bindMount(target->get(), m);
    const unsigned long flags = MS_NOSUID | MS_NODEV | (m.readOnly ? MS_RDONLY : 0);
    if (::mount("tmpfs", fdPath(target->get()).c_str(), "tmpfs", flags, m.data.c_str()) < 0)
        return Error::fromErrno("mount tmpfs at " + m.destination);
    return {};
}

// How many mounts this process sees at "/": after pivot_root and the detach, exactly one.
Result<int> mountsAtRoot() {
    std::ifstream in("/proc/self/mountinfo");
    if (!in) return Error(EIO, "read /proc/self/mountinfo");
    int count = 0;
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string id, parent, device, root, mountPoint;
        if (fields >> id >> parent >> device >> root >> mountPoint && mountPoint == "/") ++count;
    }
    return count;
}

}  // namespace

Result<fs::path> mountRootfs(const RootfsPlan& plan) {
    // Nothing mounted from here on may propagate back to the host.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0)
        return rootMountError("make mounts private", errno);
    fs::path rootfs = plan.mountBase;
    if (plan.memoryLayer) {
        if (::mount("tmpfs", plan.mountBase.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") < 0)
            return Error::fromErrno("mount the in-memory layer at " + plan.mountBase.string());
        rootfs = plan.mountBase / "root";
        for (const char* dir : {"upper", "work", "root"})
            if (::mkdir((plan.mountBase / dir).c_str(), 0755) < 0)
                return Error::fromErrno(std::string("mkdir ") + dir + " in the in-memory layer");
    }
    if (auto st = mountOverlay(rootfs, plan.overlayOptions); !st) return st.error();
    // From here on the image's tree is only ever walked below this fd (root_path.h).
    UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) return Error::fromErrno("open the container's root " + rootfs.string());
    if (auto st = mountKernelFs(root.get(), "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC); !st)
        return st.error();
    if (auto st = mountKernelFs(root.get(), "sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY);
        !st) {
        // A user namespace may mount sysfs only for a network namespace it owns and where the
        // host's /sys is fully visible; otherwise the host's, read-only (what rootless runc does).
        if (!plan.userNamespace || (st.error().code() != EPERM && st.error().code() != EACCES))
            return st.error();
        if (auto bound = bindSysReadOnly(root.get()); !bound) return bound.error();
    }
    if (auto st = setupDev(root.get(), plan.userNamespace); !st) return st.error();
    for (const auto& m : plan.mounts)
        if (auto st = mountExtra(root.get(), m); !st) return st.error();
    return rootfs;
}

Status pivotRoot(const fs::path& rootfs) {
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching "." then removes
    // it without needing a directory for it inside the container (the way runc and crun do it).
    if (::chdir(rootfs.c_str()) < 0) return Error::fromErrno("chdir " + rootfs.string());
    if (::syscall(SYS_pivot_root, ".", ".") < 0) return Error::fromErrno("pivot_root");
    if (::umount2(".", MNT_DETACH) < 0) return Error::fromErrno("detach the old root");
    if (::chdir("/") < 0) return Error::fromErrno("chdir /");
    // Whatever an image did to the mount stack, the host's root must be gone from under ours.
    auto roots = mountsAtRoot();
    if (!roots) return roots.error().wrap("check the old root is gone");
    if (*roots != 1)
        return Error(EPERM, "the host's root is still mounted under the container's (" +
                                std::to_string(*roots) + " mounts at /) — refusing to start");
    return {};
}

Status maskPaths() {
    for (const char* path : maskedPaths()) {
        struct stat st {};
        if (::lstat(path, &st) < 0) {
            if (errno == ENOENT) continue;
            return Error::fromErrno(std::string("mask ") + path);
        }
        const int rc = S_ISDIR(st.st_mode) ? ::mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0")
                                           : ::mount("/dev/null", path, nullptr, MS_BIND, nullptr);
        if (rc < 0) return Error::fromErrno(std::string("mask ") + path);
    }
    for (const char* path : readOnlyPaths()) {
        if (::mount(path, path, nullptr, MS_BIND | MS_REC, nullptr) < 0) {
            if (errno == ENOENT) continue;
            return Error::fromErrno(std::string("bind ") + path);
        }
        if (::mount(path, path, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    nullptr) < 0)
            return Error::fromErrno(std::string("make read-only ") + path);
    }
    return {};
}

Status makeRootReadOnly() {
    if (::mount(nullptr, "/", nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) < 0)
        return Error::fromErrno("remount / read-only");
    return {};
}

}  // namespace juxta::runtime
