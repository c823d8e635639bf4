#include "guest/agent/system.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

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

uint32_t loadDeviceModules() {
    std::ifstream order("/lib/modules/juxta/order");
    uint32_t loaded = 0;
    for (std::string name; std::getline(order, name);) {
        if (name.empty()) continue;
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

namespace {

// The value of `key=` on the kernel's command line ("" when absent).
std::string cmdlineValue(const std::string& cmdline, const std::string& key) {
    std::istringstream words(cmdline);
    for (std::string word; words >> word;)
        if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
    return {};
}

bool writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
    return bool(out);
}

}  // namespace

std::string prepareImageRoot() {
    std::ifstream in("/proc/cmdline");
    std::string cmdline;
    std::getline(in, cmdline);
    const std::string layersText = cmdlineValue(cmdline, "juxta.image");
    if (layersText.empty()) return {};
    const int layers = std::atoi(layersText.c_str());
    if (layers < 1 || layers > 500) return "juxta.image=" + layersText + ": not a number of layers";
    const auto failed = [](const std::string& what) { return what + ": " + std::strerror(errno); };
    for (const char* dir : {"/juxta", "/juxta/image", "/juxta/rw", kImageRoot}) ::mkdir(dir, 0755);
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
    const std::string options = "lowerdir=" + lower + ",upperdir=/juxta/rw/upper,workdir=/juxta/rw/work";
    if (::mount("overlay", kImageRoot, "overlay", 0, options.c_str()) < 0)
        return failed("mount the image's root");
    // What a container of the image sees too: /proc, /sys, /dev, its host name and /etc/hosts.
    const std::string root = kImageRoot;
    const struct {
        const char *source, *target, *type;
        unsigned long flags;
        const char* data;
    } mounts[] = {{"proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, nullptr},
                  {"sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, nullptr},
                  {"devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755"},
                  {"devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=0620,ptmxmode=0666"},
                  {"shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"}};
    for (const auto& m : mounts) {
        const std::string target = root + m.target;
        ::mkdir(target.c_str(), 0755);
        if (::mount(m.source, target.c_str(), m.type, m.flags, m.data) < 0) return failed("mount " + target);
    }
    std::string host = cmdlineValue(cmdline, "juxta.hostname");
    if (host.empty() || host.size() > 63) host = "juxta-vm";
    ::sethostname(host.c_str(), host.size());
    ::mkdir((root + "/etc").c_str(), 0755);
    if (!writeText(root + "/etc/hostname", host + "\n") ||
        !writeText(root + "/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.1.1\t" + host + "\n"))
        return failed("write the image's /etc/hostname and /etc/hosts");
    return "ok";
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
    ::sync();
    ::reboot(RB_POWER_OFF);
    std::fprintf(stderr, "juxta-guest: power off: %s\n", std::strerror(errno));
}

}  // namespace juxta::guest
