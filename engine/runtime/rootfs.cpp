#include "runtime/rootfs.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "core/host_root.h"
#include "runtime/devices.h"
#include "runtime/overlay.h"

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

Status mountIn(const fs::path& rootfs, const char* dir, const char* type, unsigned long flags,
               const char* data) {
    const fs::path target = rootfs / dir;
    if (::mkdir(target.c_str(), 0555) < 0 && errno != EEXIST)
        return Error::fromErrno("mkdir " + target.string());
    if (::mount(type, target.c_str(), type, flags, data) < 0)
        return Error::fromErrno(std::string("mount ") + type + " at /" + dir);
    return {};
}

Status bindSysReadOnly(const fs::path& rootfs) {
    const fs::path target = rootfs / "sys";
    if (::mount("/sys", target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
        return Error::fromErrno("bind /sys (sysfs refused)");
    if (::mount(nullptr, target.c_str(), nullptr,
                MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0)
        return Error::fromErrno("make the bound /sys read-only");
    return {};
}

// Creates the mount point (a directory, or a file for a file bind) inside rootfs, refusing a
// path through a symlink: the image's links must not aim a mount outside the container's root.
Result<fs::path> mountPoint(const fs::path& rootfs, const std::string& destination, bool file) {
    fs::path at = rootfs;
    const fs::path rel = fs::path(destination).relative_path();
    for (auto it = rel.begin(); it != rel.end(); ++it) {
        at /= *it;
        struct stat st {};
        if (::lstat(at.c_str(), &st) == 0) {
            if (S_ISLNK(st.st_mode))
                return Error(ELOOP, "mount at " + destination + ": " +
                                        at.lexically_relative(rootfs).string() +
                                        " is a symlink in the root filesystem");
            continue;
        }
        const bool last = std::next(it) == rel.end();
        const int made = last && file ? ::mknod(at.c_str(), S_IFREG | 0644, 0) : ::mkdir(at.c_str(), 0755);
        if (made < 0) return Error::fromErrno("mount at " + destination + ": create " + at.string());
    }
    return at;
}

Status mountExtra(const fs::path& rootfs, const MountSpec& m) {
    const bool bind = m.kind == MountSpec::Kind::Bind;
    struct stat st {};
    if (bind && ::stat(m.source.c_str(), &st) < 0) return Error::fromErrno("bind mount " + m.source.string());
    auto target = mountPoint(rootfs, m.destination, bind && !S_ISDIR(st.st_mode));
    if (!target) return target.error();
    if (bind) {
        if (::mount(m.source.c_str(), target->c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
            return Error::fromErrno("bind " + m.source.string() + " at " + m.destination);
    } else if (::mount("tmpfs", target->c_str(), "tmpfs", MS_NOSUID | MS_NODEV, m.data.c_str()) < 0) {
        return Error::fromErrno("mount tmpfs at " + m.destination);
    }
    if (m.readOnly && ::mount(nullptr, target->c_str(), nullptr,
                              MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) < 0)
        return Error::fromErrno("make " + m.destination + " read-only");
    return {};
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
    if (auto st = mountIn(rootfs, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr); !st)
        return st.error();
    if (auto st = mountIn(rootfs, "sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, nullptr);
        !st) {
        // A user namespace may mount sysfs only for a network namespace it owns and where the
        // host's /sys is fully visible; otherwise the host's, read-only (what rootless runc does).
        if (!plan.userNamespace || (st.error().code() != EPERM && st.error().code() != EACCES))
            return st.error();
        if (auto bound = bindSysReadOnly(rootfs); !bound) return bound.error();
    }
    if (auto st = setupDev(rootfs, plan.userNamespace); !st) return st.error();
    for (const auto& m : plan.mounts)
        if (auto st = mountExtra(rootfs, m); !st) return st.error();
    return rootfs;
}

Status pivotRoot(const fs::path& rootfs) {
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching "." then removes
    // it without needing a directory for it inside the container (the way runc and crun do it).
    if (::chdir(rootfs.c_str()) < 0) return Error::fromErrno("chdir " + rootfs.string());
    if (::syscall(SYS_pivot_root, ".", ".") < 0) return Error::fromErrno("pivot_root");
    if (::umount2(".", MNT_DETACH) < 0) return Error::fromErrno("detach the old root");
    if (::chdir("/") < 0) return Error::fromErrno("chdir /");
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
