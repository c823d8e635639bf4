#include "runtime/devices.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

constexpr DeviceRule kRules[] = {
    {'c', -1, -1, true}, {'b', -1, -1, true}, {'c', 1, 3, false},    {'c', 1, 5, false},
    {'c', 1, 7, false},  {'c', 1, 8, false},  {'c', 1, 9, false},    {'c', 5, 0, false},
    {'c', 5, 1, false},  {'c', 5, 2, false},  {'c', 136, -1, false}, {'c', 10, 200, false},
};

constexpr DeviceNode kDevices[] = {
    {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

Status mountAt(const char* source, const fs::path& target, const char* type, unsigned long flags,
               const char* data) {
    if (::mkdir(target.c_str(), 0755) < 0 && errno != EEXIST)
        return Error::fromErrno("mkdir " + target.string());
    if (::mount(source, target.c_str(), type, flags, data) < 0)
        return Error::fromErrno(std::string("mount ") + type + " at " + target.string());
    return {};
}

Status makeNode(const fs::path& node, const DeviceNode& d) {
    if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(d.major, d.minor)) < 0)
        return Error::fromErrno("mknod " + node.string());
    return {};
}

Status bindHostDevice(const fs::path& node, const char* name) {
    const std::string host = std::string("/dev/") + name;
    const int fd = ::open(node.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) return Error::fromErrno("create " + node.string());
    ::close(fd);
    if (::mount(host.c_str(), node.c_str(), nullptr, MS_BIND, nullptr) < 0)
        return Error::fromErrno("bind " + host + " at " + node.string());
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

std::span<const DeviceNode> standardDevices() {
    return kDevices;
}

Status setupDev(const fs::path& rootfs, bool bindFromHost) {
    const fs::path dev = rootfs / "dev";
    if (auto st = mountAt("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"); !st)
        return st;
    const mode_t oldMask = ::umask(0);
    for (const DeviceNode& d : kDevices) {
        const fs::path node = dev / d.name;
        if (const Status made = bindFromHost ? bindHostDevice(node, d.name) : makeNode(node, d); !made) {
            ::umask(oldMask);
            return made;
        }
    }
    ::umask(oldMask);
    // The tty group (5) exists inside only when subordinate ids are mapped.
    if (auto st = mountAt("devpts", dev / "pts", "devpts", MS_NOSUID | MS_NOEXEC,
                          "newinstance,ptmxmode=0666,mode=0620,gid=5");
        !st) {
        if (!bindFromHost || st.error().code() != EINVAL) return st;
        if (auto again = mountAt("devpts", dev / "pts", "devpts", MS_NOSUID | MS_NOEXEC,
                                 "newinstance,ptmxmode=0666,mode=0620");
            !again)
            return again;
    }
    if (auto st =
            mountAt("shm", dev / "shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
        !st)
        return st;
    if (auto st = mountAt("mqueue", dev / "mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr); !st)
        return st;
    const struct {
        const char* target;
        const char* name;
    } links[] = {{"pts/ptmx", "ptmx"},
                 {"/proc/self/fd", "fd"},
                 {"/proc/self/fd/0", "stdin"},
                 {"/proc/self/fd/1", "stdout"},
                 {"/proc/self/fd/2", "stderr"}};
    for (const auto& l : links)
        if (::symlink(l.target, (dev / l.name).c_str()) < 0)
            return Error::fromErrno("symlink /dev/" + std::string(l.name));
    return {};
}

}  // namespace juxta::runtime
