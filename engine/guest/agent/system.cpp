#include "guest/agent/system.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/vm_sockets.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "core/unique_fd.h"

namespace juxta::guest {

int64_t bootTimeMs() {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

int openRawTty(const char* path) {
    int fd = ::open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    termios t{};
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        tcsetattr(fd, TCSANOW, &t);
    }
    return fd;
}

int connectHostVsock(uint32_t port) {
    const int fd = ::socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    // From a reserved port (below 1024: only a process with CAP_NET_BIND_SERVICE binds one), the
    // host's mark that this is the agent and not any user of the guest.
    sockaddr_vm self{};
    self.svm_family = AF_VSOCK;
    self.svm_cid = VMADDR_CID_ANY;
    bool bound = false;
    for (self.svm_port = 1023; !bound && self.svm_port >= 512; --self.svm_port)
        bound = ::bind(fd, reinterpret_cast<sockaddr*>(&self), sizeof self) == 0;
    if (!bound) {  // from an unreserved port the host would refuse it anyway
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return -1;
    }
    sockaddr_vm host{};
    host.svm_family = AF_VSOCK;
    host.svm_cid = VMADDR_CID_HOST;
    host.svm_port = port;
    int rc;
    do {
        rc = ::connect(fd, reinterpret_cast<sockaddr*>(&host), sizeof host);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

bool writeLine(int fd, const std::string& line) {
    size_t done = 0;
    while (done < line.size()) {
        ssize_t n = ::write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += size_t(n);
    }
    return true;
}

namespace {

void mountOne(const char* source, const char* target, const char* type, unsigned long flags,
              const char* options) {
    ::mkdir(target, 0755);
    if (::mount(source, target, type, flags, options) < 0 && errno != EBUSY)
        std::fprintf(stderr, "juxta-guest: mount %s on %s: %s\n", type, target, std::strerror(errno));
}

}  // namespace

void mountSysfs() {
    mountOne("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, nullptr);
}

bool hasVirtioDevices() {
    struct stat st {};
    return ::stat("/sys/bus/acpi/devices/LNRO0005:00", &st) == 0;
}

void mountFileSystems() {
    const unsigned long common = MS_NOSUID | MS_NOEXEC | MS_NODEV;
    mountOne("proc", "/proc", "proc", common, nullptr);
    mountOne("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
    mountOne("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=0620,ptmxmode=0666");
    mountOne("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
    mountOne("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
    mountOne("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
}

namespace {

// Loads the modules of `order` (the initramfs's load order) whose names `wanted` holds.
uint32_t loadModules(const std::vector<std::string>& order, const std::set<std::string>& wanted) {
    uint32_t loaded = 0;
    for (const std::string& name : order) {
        if (!wanted.count(name.substr(0, name.size() - 3))) continue;  // "virtio_blk.ko" -> "virtio_blk"
        const std::string path = "/lib/modules/juxta/" + name;
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            std::fprintf(stderr, "juxta-guest: %s: %s\n", path.c_str(), std::strerror(errno));
            continue;
        }
        if (::syscall(SYS_finit_module, fd, "", 0) == 0 || errno == EEXIST)
            ++loaded;
        else
            std::fprintf(stderr, "juxta-guest: load %s: %s\n", name.c_str(), std::strerror(errno));
        ::close(fd);
    }
    return loaded;
}

}  // namespace

uint32_t loadDeviceModules() {
    std::vector<std::string> order;
    std::ifstream in("/lib/modules/juxta/order");
    for (std::string name; std::getline(in, name);)
        if (name.size() > 3 && name.ends_with(".ko")) order.push_back(name);
    // The transport first; then only the drivers of the devices it found (each module loaded costs
    // a guest under nested emulation tens of milliseconds): virtio device ids 2 block, 1 network,
    // 19 socket; overlayfs for an image VM's root.
    uint32_t loaded = loadModules(order, {"virtio_ring", "virtio", "virtio_mmio"});
    std::set<std::string> wanted;
    std::error_code ec;
    for (const auto& device : std::filesystem::directory_iterator("/sys/bus/virtio/devices", ec)) {
        std::ifstream idFile(device.path() / "device");
        unsigned id = 0;
        idFile >> std::hex >> id;
        if (id == 2) wanted.insert("virtio_blk");
        if (id == 1) wanted.insert({"failover", "net_failover", "virtio_net"});
        if (id == 19)
            wanted.insert({"vsock", "vmw_vsock_virtio_transport_common", "vmw_vsock_virtio_transport"});
    }
    std::ifstream cmdline("/proc/cmdline");
    std::string line;
    std::getline(cmdline, line);
    if (line.find("juxta.image=") != std::string::npos) wanted.insert("overlay");
    return loaded + loadModules(order, wanted);
}

namespace {

// The value of `key=` on the kernel's command line ("" when absent).
std::string cmdlineValue(const std::string& cmdline, const std::string& key) {
    std::istringstream words(cmdline);
    for (std::string word; words >> word;)
        if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
    return {};
}

// The image's files are the image's: every path in its root is resolved beneath the root, on the
// root's own mount (no symlink leads out of it, none into /proc), never through a magic link.
int openInRoot(int root, const char* path, int flags, mode_t mode, uint64_t resolve) {
    open_how how{};
    how.flags = uint64_t(flags | O_CLOEXEC);
    how.mode = mode;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV | resolve;
    return int(::syscall(SYS_openat2, root, path, &how, sizeof(how)));
}

// Writes `dir`/`name` in the root; what the image has there that is no plain file (a symlink, a
// directory, a node) is replaced, as a container's /etc/hosts masks the image's. In place, and cut
// to length after: a reader meanwhile never finds the file emptied.
bool writeInRoot(int root, const char* dir, const char* name, const std::string& text) {
    const std::string path = std::string(dir) + "/" + name;
    int fd = openInRoot(root, path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0644, 0);
    if (fd >= 0) {
        struct stat st {};
        if (::fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        const int parent = openInRoot(root, dir, O_PATH | O_DIRECTORY, 0, 0);
        if (parent < 0) return false;
        if (::unlinkat(parent, name, 0) < 0) ::unlinkat(parent, name, AT_REMOVEDIR);
        fd = ::openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        ::close(parent);
        if (fd < 0) return false;
    }
    const bool ok = ::pwrite(fd, text.data(), text.size(), 0) == ssize_t(text.size()) &&
                    ::ftruncate(fd, off_t(text.size())) == 0;
    ::close(fd);
    return ok;
}

// What an image VM's /etc/hosts holds before any compose line: localhost and its own name.
std::string baseHosts(const std::string& host) {
    return "127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.1.1\t" + host + "\n";
}

// The directory `name` at the top of the root, made one if it is missing or anything else (a
// symlink, a file: removed), as an O_PATH descriptor to mount on.
int mountPointInRoot(int root, const char* name) {
    const uint64_t noLinks = RESOLVE_NO_SYMLINKS;
    int fd = openInRoot(root, name, O_PATH | O_DIRECTORY | O_NOFOLLOW, 0, noLinks);
    if (fd >= 0) return fd;
    ::unlinkat(root, name, 0);
    ::mkdirat(root, name, 0755);
    return openInRoot(root, name, O_PATH | O_DIRECTORY | O_NOFOLLOW, 0, noLinks);
}

// mount(2) onto a directory held as an O_PATH descriptor.
bool mountOnFd(const char* source, int target, const char* type, unsigned long flags, const char* data) {
    const std::string at = "/proc/self/fd/" + std::to_string(target);
    return ::mount(source, at.c_str(), type, flags, data) == 0;
}

// Whether a directory holds nothing but lost+found (a file system mke2fs just made).
bool freshFileSystem(int dir) {
    DIR* d = ::fdopendir(::dup(dir));
    if (!d) return false;
    bool fresh = true;
    while (const dirent* e = ::readdir(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0 &&
            std::strcmp(e->d_name, "lost+found") != 0)
            fresh = false;
    ::closedir(d);
    return fresh;
}

// A compose service's named volumes (juxta.volN=PATH[:ro]; N is the disk's index, /dev/vd<a+N>):
// each an ext4 disk mounted at PATH in the image's root. The directories on the way are made one
// by one, never through a symbolic link (one in the way is refused); a fresh volume takes the owner
// and mode of the image's directory it covers, as a container's new volume does. "" or what failed.
std::string mountVolumes(int root, const std::string& cmdline) {
    for (int n = 2; n < 16; ++n) {
        std::string path = cmdlineValue(cmdline, "juxta.vol" + std::to_string(n));
        if (path.empty()) continue;
        const bool readOnly = path.size() > 3 && path.compare(path.size() - 3, 3, ":ro") == 0;
        if (readOnly) path.resize(path.size() - 3);
        if (path.size() < 2 || path[0] != '/') return "volume " + path + ": not an absolute path";
        int at = ::openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
        std::istringstream parts(path);
        for (std::string part; at >= 0 && std::getline(parts, part, '/');) {
            if (part.empty()) continue;
            if (part == "." || part == "..") {
                ::close(at);
                return "volume " + path + ": . and .. are not path parts here";
            }
            ::mkdirat(at, part.c_str(), 0755);
            const int next = ::openat(at, part.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            const int error = errno;
            ::close(at);
            if (next < 0)
                return "volume " + path + ": " + part + " is no directory (" + std::strerror(error) + ")";
            at = next;
        }
        if (at < 0) return "volume " + path + ": open the image's root: " + std::strerror(errno);
        struct stat covered {};
        ::fstat(at, &covered);
        const std::string device = std::string("/dev/vd") + char('a' + n);
        const bool mounted =
            mountOnFd(device.c_str(), at, "ext4", MS_NODEV | MS_NOSUID | (readOnly ? MS_RDONLY : 0), nullptr);
        const int error = errno;
        ::close(at);
        if (!mounted) return "mount the volume " + device + " at " + path + ": " + std::strerror(error);
        if (!readOnly) {  // every part was checked above: nothing but this agent has run in the root
            const int top = ::open((std::string(kImageRoot) + path).c_str(),
                                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (top >= 0 && freshFileSystem(top)) {
                (void)!::fchown(top, covered.st_uid, covered.st_gid);
                (void)!::fchmod(top, covered.st_mode & 07777);
            }
            if (top >= 0) ::close(top);
        }
    }
    return {};
}

}  // namespace

namespace {

// The card's configuration through ioctls on one socket, as `ip` would make it but without starting
// a program for each step (a fork and exec of busybox costs a guest under nested emulation tens of
// milliseconds each, on the way to ready).
bool linkUp(int sock, const char* name) {
    ifreq req{};
    std::snprintf(req.ifr_name, IFNAMSIZ, "%s", name);
    if (::ioctl(sock, SIOCGIFFLAGS, &req) < 0) return false;
    req.ifr_flags |= IFF_UP;
    return ::ioctl(sock, SIOCSIFFLAGS, &req) == 0;
}

sockaddr_in inet(in_addr_t address) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = address;
    return in;
}

// "A.B.C.D/N" on `name` (the broadcast address follows from it, as the kernel sets it).
bool setAddress(int sock, const char* name, const std::string& cidr) {
    const std::size_t slash = cidr.find('/');
    in_addr address{};
    const std::string bits = slash == std::string::npos ? "" : cidr.substr(slash + 1);
    const int prefix = bits.size() == 1 || bits.size() == 2 ? std::atoi(bits.c_str()) : 0;
    if (::inet_pton(AF_INET, cidr.substr(0, slash).c_str(), &address) != 1 ||
        bits.find_first_not_of("0123456789") != std::string::npos || prefix < 1 || prefix > 32) {
        errno = EINVAL;
        return false;
    }
    ifreq req{};
    std::snprintf(req.ifr_name, IFNAMSIZ, "%s", name);
    const sockaddr_in in = inet(address.s_addr);
    std::memcpy(&req.ifr_addr, &in, sizeof in);
    if (::ioctl(sock, SIOCSIFADDR, &req) < 0) return false;
    const sockaddr_in mask = inet(htonl(prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix)));
    std::memcpy(&req.ifr_netmask, &mask, sizeof mask);
    return ::ioctl(sock, SIOCSIFNETMASK, &req) == 0;
}

bool addDefaultRoute(int sock, const std::string& gateway) {
    in_addr via{};
    if (::inet_pton(AF_INET, gateway.c_str(), &via) != 1) {
        errno = EINVAL;
        return false;
    }
    rtentry route{};
    const sockaddr_in any = inet(INADDR_ANY), gw = inet(via.s_addr);
    std::memcpy(&route.rt_dst, &any, sizeof any);
    std::memcpy(&route.rt_genmask, &any, sizeof any);
    std::memcpy(&route.rt_gateway, &gw, sizeof gw);
    route.rt_flags = RTF_UP | RTF_GATEWAY;
    return ::ioctl(sock, SIOCADDRT, &route) == 0;
}

}  // namespace

std::string configureNetwork() {
    std::ifstream in("/proc/cmdline");
    std::string cmdline;
    std::getline(in, cmdline);
    const std::string address = cmdlineValue(cmdline, "juxta.ip"),
                      gateway = cmdlineValue(cmdline, "juxta.gw");
    const UniqueFd socketFd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    const int sock = socketFd.get();
    if (sock < 0) return address.empty() ? std::string() : "eth0: " + std::string(std::strerror(errno));
    linkUp(sock, "lo");
    if (address.empty()) return {};
    // juxta0 is IPv4 only, and the card lets no IPv6 frame out when it has an address (the VMM's
    // source guard): without this, the kernel's own router solicitations and duplicate address
    // probes would be counted as the guest's spoofed frames. Before eth0 is up, so it sends none.
    for (const char* knob :
         {"/proc/sys/net/ipv6/conf/default/disable_ipv6", "/proc/sys/net/ipv6/conf/all/disable_ipv6"})
        std::ofstream(knob) << "1\n";
    if (!linkUp(sock, "eth0") || !setAddress(sock, "eth0", address))
        return "eth0: could not set " + address + ": " + std::strerror(errno);
    if (!gateway.empty() && !addDefaultRoute(sock, gateway))
        return "eth0: could not route through " + gateway + ": " + std::strerror(errno);
    return "ok";
}

std::string prepareImageRoot() {
    std::ifstream in("/proc/cmdline");
    std::string cmdline;
    std::getline(in, cmdline);
    const std::string layersText = cmdlineValue(cmdline, "juxta.image");
    std::string rootDisk = cmdlineValue(cmdline, "juxta.root");
    if (layersText.empty() && rootDisk.empty()) return {};
    const auto failed = [](const std::string& what) { return what + ": " + std::strerror(errno); };
    for (const char* dir : {"/juxta", "/juxta/image", "/juxta/rw", kImageRoot}) ::mkdir(dir, 0755);
    bool readOnly = false;
    if (!rootDisk.empty()) {
        readOnly = rootDisk.size() > 3 && rootDisk.compare(rootDisk.size() - 3, 3, ":ro") == 0;
        if (readOnly) rootDisk.resize(rootDisk.size() - 3);
        // Only a disk of the VM's (the host checked the same): no other node of the guest's /dev.
        if (rootDisk.size() < 8 || rootDisk.size() > 10 || rootDisk.rfind("/dev/vd", 0) != 0 ||
            rootDisk.find_first_not_of("abcdefghijklmnopqrstuvwxyz", 7) < 8 ||
            rootDisk.find_first_not_of("0123456789", 8) != std::string::npos)
            return "juxta.root=" + rootDisk + ": not one of the VM's disks";
        if (::mount(rootDisk.c_str(), kImageRoot, "ext4", readOnly ? MS_RDONLY : 0, nullptr) < 0)
            return failed("mount the root disk " + rootDisk + " (ext4" + (readOnly ? ", read-only" : "") +
                          ")") +
                   (readOnly
                        ? " — if its journal is still to be replayed (the disk was not unmounted cleanly), "
                          "attach it read-write once"
                        : "");
    } else {
        const int layers = std::atoi(layersText.c_str());
        if (layers < 1 || layers > 500) return "juxta.image=" + layersText + ": not a number of layers";
        // vda: the image's layers, read-only; vdb: the VM's own disk, for overlayfs' upper layer.
        if (::mount("/dev/vda", "/juxta/image", "ext4", MS_RDONLY | MS_NODEV, nullptr) < 0)
            return failed("mount the image's disk (vda)");
        if (::mount("/dev/vdb", "/juxta/rw", "ext4", MS_NODEV, nullptr) < 0)
            return failed("mount the VM's disk (vdb)");
        ::mkdir("/juxta/rw/upper", 0755);
        ::mkdir("/juxta/rw/work", 0755);
        std::string lower;
        for (int i = layers - 1; i >= 0; --i)  // the highest layer first
            lower += (lower.empty() ? "" : ":") + std::string("/juxta/image/layers/") + std::to_string(i);
        // A disk made from a user's store has overlayfs' marks as user.overlay.* (opaque directories).
        const std::string options =
            "lowerdir=" + lower + ",upperdir=/juxta/rw/upper,workdir=/juxta/rw/work" +
            (cmdlineValue(cmdline, "juxta.image.xattr") == "user" ? ",userxattr" : "");
        if (::mount("overlay", kImageRoot, "overlay", 0, options.c_str()) < 0)
            return failed("mount the image's root");
    }
    // What a container of the image sees too: its host name and /etc/hosts (written first, while
    // nothing but the image is in the root), /proc, /sys and a /dev of its own.
    const UniqueFd rootFd(::open(kImageRoot, O_PATH | O_DIRECTORY | O_CLOEXEC));
    const int root = rootFd.get();
    if (root < 0) return failed("open the image's root");
    std::string host = cmdlineValue(cmdline, "juxta.hostname");
    if (host.empty() || host.size() > 63) host = "juxta-vm";
    ::sethostname(host.c_str(), host.size());
    // The volumes first: one at /etc gets the host name and hosts, as a container's would.
    if (std::string volumes = mountVolumes(root, cmdline); !volumes.empty()) return volumes;
    ::mkdirat(root, "etc", 0755);
    if (!readOnly && (!writeInRoot(root, "etc", "hostname", host + "\n") ||
                      !writeInRoot(root, "etc", "hosts", baseHosts(host))))
        return failed("write the image's /etc/hostname and /etc/hosts");
    const struct {
        const char *name, *source, *type;
        unsigned long flags;
        const char* data;
    } mounts[] = {{"proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, nullptr},
                  {"sys", "sysfs", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, nullptr},
                  {"dev", "tmpfs", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k"}};
    for (const auto& m : mounts) {
        const int at = mountPointInRoot(root, m.name);
        const bool ok = at >= 0 && mountOnFd(m.source, at, m.type, m.flags, m.data);
        if (at >= 0) ::close(at);
        if (!ok) return failed(std::string("mount the image's /") + m.name);
    }
    // /dev as a container's: the usual nodes, not the VM's disks, serial ports or memory.
    const std::string d = std::string(kImageRoot) + "/dev";
    const struct {
        const char* name;
        unsigned major, minor;
    } nodes[] = {{"null", 1, 3},   {"zero", 1, 5},    {"full", 1, 7},
                 {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};
    for (const auto& n : nodes)
        if (::mknod((d + "/" + n.name).c_str(), S_IFCHR | 0666, makedev(n.major, n.minor)) < 0)
            return failed("make /dev/" + std::string(n.name) + " in the image");
    for (const char* dir : {"/pts", "/shm"}) ::mkdir((d + dir).c_str(), 0755);
    if (::mount("devpts", (d + "/pts").c_str(), "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,gid=5,mode=0620,ptmxmode=0666") < 0 ||
        ::mount("shm", (d + "/shm").c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
        return failed("mount the image's /dev/pts and /dev/shm");
    for (const auto& [link, to] :
         {std::pair{"/ptmx", "pts/ptmx"}, std::pair{"/fd", "/proc/self/fd"},
          std::pair{"/stdin", "/proc/self/fd/0"}, std::pair{"/stdout", "/proc/self/fd/1"},
          std::pair{"/stderr", "/proc/self/fd/2"}})
        ::symlink(to, (d + link).c_str());
    return "ok";
}

bool wantsConsoleShell() {
    std::ifstream in("/proc/cmdline");
    std::string cmdline;
    std::getline(in, cmdline);
    return cmdlineValue(cmdline, "juxta.shell") != "0";
}

std::string writeImageHosts(const std::string& lines) {
    const int root = ::open(kImageRoot, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0)
        return std::string("no image root (") + std::strerror(errno) + "): hosts are for an image VM";
    char host[65] = {};
    if (::gethostname(host, sizeof(host) - 1) < 0) std::snprintf(host, sizeof(host), "juxta-vm");
    ::mkdirat(root, "etc", 0755);
    const bool ok = writeInRoot(root, "etc", "hosts", baseHosts(host) + lines);
    const int error = errno;
    ::close(root);
    return ok ? "" : std::string("write the image's /etc/hosts: ") + std::strerror(error);
}

ReadyInfo guestFacts(int64_t bootMs) {
    ReadyInfo info;
    info.bootMs = bootMs;
    utsname u{};
    if (::uname(&u) == 0) info.kernel = u.release;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) info.cpus = uint32_t(CPU_COUNT(&set));
    struct sysinfo si {};
    if (::sysinfo(&si) == 0) info.memTotalKib = uint64_t(si.totalram) * si.mem_unit / 1024;
    return info;
}

std::map<std::string, uint64_t> readMeminfo() {
    // The fields a comparison reads; all ~50 would cost a VM exit per byte on every exit event.
    static const std::set<std::string> kept = {"MemTotal", "MemFree",   "MemAvailable", "Buffers",   "Cached",
                                               "Shmem",    "AnonPages", "Slab",         "PageTables"};
    std::map<std::string, uint64_t> values;
    std::ifstream in("/proc/meminfo");
    std::string key;
    uint64_t kib = 0;
    while (in >> key >> kib) {
        if (!key.empty() && key.back() == ':') key.pop_back();
        if (kept.count(key)) values[key] = kib;
        in.ignore(256, '\n');
    }
    return values;
}

void powerOff() {
    // What the services wrote first, while anything else may still be writing; the VMM forces the
    // machine off a second after the services' grace (control_server.cpp), so all of this is short.
    ::sync();
    // What is still running (the services had their grace) would keep its file systems busy.
    ::kill(-1, SIGKILL);
    for (int waited = 0; waited < 50; ++waited) {  // at most ~0.5 s: one in uninterruptible I/O waits
        const pid_t reaped = ::waitpid(-1, nullptr, WNOHANG);
        if (reaped < 0 && errno == ECHILD) break;
        if (reaped <= 0) ::usleep(10'000);
    }
    std::vector<std::string> points;
    std::ifstream mountinfo("/proc/self/mountinfo");
    for (std::string line; std::getline(mountinfo, line);) {
        std::istringstream fields(line);
        std::string id, parent, device, root, point;
        if (fields >> id >> parent >> device >> root >> point && point.rfind("/juxta/", 0) == 0 &&
            point.find("/..") == std::string::npos)
            points.push_back(point);
    }
    // Unmounted, or else (a process that would not die holds it) read-only: either way ext4 writes
    // its superblock clean. Detached last, so nothing still reaches it through the tree.
    for (auto point = points.rbegin(); point != points.rend(); ++point)
        if (::umount2(point->c_str(), 0) < 0) {
            ::mount(nullptr, point->c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr);
            ::umount2(point->c_str(), MNT_DETACH);
        }
    ::sync();
    ::reboot(RB_POWER_OFF);
    std::fprintf(stderr, "juxta-guest: power off: %s\n", std::strerror(errno));
}

}  // namespace juxta::guest
