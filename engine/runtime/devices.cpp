#include "runtime/devices.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/unique_fd.h"
#include "runtime/root_path.h"

namespace juxta::runtime {

namespace {

constexpr DeviceRule kRules[] = {
    {'c', -1, -1, true}, {'b', -1, -1, true}, {'c', 1, 3, false},    {'c', 1, 5, false},
    {'c', 1, 7, false},  {'c', 1, 8, false},  {'c', 1, 9, false},    {'c', 5, 0, false},
    {'c', 5, 1, false},  {'c', 5, 2, false},  {'c', 136, -1, false}, {'c', 10, 200, false},
};

constexpr DeviceNode kDevices[] = {
    {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

// Mounts `type` on <dir>/<name> (made 0755): dir is the container's fresh /dev tmpfs.
Status mountIn(int dir, const char* name, const char* type, unsigned long flags, const char* data) {
    if (::mkdirat(dir, name, 0755) < 0 && errno != EEXIST)
        return Error::fromErrno(std::string("mkdir /dev/") + name);
    UniqueFd target(::openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!target) return Error::fromErrno(std::string("open /dev/") + name);
    if (::mount(type, fdPath(target.get()).c_str(), type, flags, data) < 0)
        return Error::fromErrno(std::string("mount ") + type + " at /dev/" + name);
    return {};
}

Status makeNode(int dir, const DeviceNode& d) {
    if (::mknodat(dir, d.name, S_IFCHR | 0666, makedev(d.major, d.minor)) < 0)
        return Error::fromErrno(std::string("mknod /dev/") + d.name);
    return {};
}

Status bindHostDevice(int dir, const DeviceNode& d) {
    const std::string host = std::string("/dev/") + d.name;
    UniqueFd made(::openat(dir, d.name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (!made) return Error::fromErrno("create /dev/" + std::string(d.name));
    UniqueFd node(::openat(dir, d.name, O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!node) return Error::fromErrno("open /dev/" + std::string(d.name));
    if (::mount(host.c_str(), fdPath(node.get()).c_str(), nullptr, MS_BIND, nullptr) < 0)
        return Error::fromErrno("bind " + host + " at /dev/" + d.name);
    return {};
}

}  // namespace

std::string DeviceRule::toV1() const {
    auto number = [](int n) { return n < 0 ? std::string("*") : std::to_string(n); };
    return std::string(1, type) + " " + number(major) + ":" + number(minor) + (mknodOnly ? " m" : " rwm");
}

std::span<const DeviceRule> allowedDeviceRules() {
    return kRules;
}

Status setupDev(int rootFd, bool bindFromHost) {
    auto under = mountDirInRoot(rootFd, "dev");
    if (!under) return under.error();
    if (::mount("tmpfs", fdPath(under->get()).c_str(), "tmpfs", MS_NOSUID | MS_STRICTATIME,
                "mode=755,size=65536k") < 0)
        return Error::fromErrno("mount tmpfs at /dev");
    // Everything below is made in the fresh tmpfs, through its own fd.
    auto devFd = mountDirInRoot(rootFd, "dev");
    if (!devFd) return devFd.error();
    const int dev = devFd->get();
    const mode_t oldMask = ::umask(0);
    for (const DeviceNode& d : kDevices) {
        if (const Status made = bindFromHost ? bindHostDevice(dev, d) : makeNode(dev, d); !made) {
            ::umask(oldMask);
            return made;
        }
    }
    ::umask(oldMask);
    // The tty group (5) exists inside only when subordinate ids are mapped.
    if (auto st =
            mountIn(dev, "pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5");
        !st) {
        if (!bindFromHost || st.error().code() != EINVAL) return st;
        if (auto again =
                mountIn(dev, "pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
            !again)
            return again;
    }
    if (auto st = mountIn(dev, "shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
        !st)
        return st;
    if (auto st = mountIn(dev, "mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr); !st) return st;
    const struct {
        const char* target;
        const char* name;
    } links[] = {{"pts/ptmx", "ptmx"},
                 {"/proc/self/fd", "fd"},
                 {"/proc/self/fd/0", "stdin"},
                 {"/proc/self/fd/1", "stdout"},
                 {"/proc/self/fd/2", "stderr"}};
    for (const auto& l : links)
        if (::symlinkat(l.target, dev, l.name) < 0)
            return Error::fromErrno("symlink /dev/" + std::string(l.name));
    return {};
}

}  // namespace juxta::runtime
