// vm_vs_qemu: juxta-vmm next to QEMU microvm booting the same guest — the same PVH vmlinux (what
// juxta-vmm's kernel cache extracts from the bzImage; QEMU boots it with -kernel), the same
// tiny-linux initramfs and agent, the same command line, 256 MiB, 1 vCPU, console discarded,
// ttyS1 into a FIFO — run alternately N times each (default 5). For each run it measures
//   start -> ready: from just before the VMM process is spawned to the moment the agent's ready
//                   line arrives on the FIFO;
//   overhead RSS:   at that moment, the VMM's resident memory (/proc/PID/smaps) without the
//                   guest-RAM mapping (anonymous mappings at least as large as guest memory) —
//                   the same rule for both;
// and prints the medians, the ratios, and the goals (time <= 0.45x, RSS <= 0.1x QEMU's). QEMU boots
// each time a second way too, as its documentation has microvm for a fast boot: without its CMOS
// RTC (`-M microvm,rtc=off`; juxta-vmm has none), its time printed beside the ratio.
// With --disk IMAGE, then the disk: both VMMs boot again with IMAGE as a read-only virtio-blk disk
// (juxta-vmm's --disk; QEMU's virtio-blk-device on microvm's virtio-mmio, with its fastest aio:
// io_uring, buffered as juxta-vmm is), and the guest runs `juxta-workload blockread` on /dev/vda
// (O_DIRECT in the guest: sequential MB/s in 1 MiB reads, random 4 KiB reads at queue depth 1 as
// IOPS, then random reads from 16 threads at once — 16 requests in flight) — through juxta-vmm's control
// socket, and through QEMU's agent serial port (a socket). With --net yes too, every device: both boot again
// with the disk, a virtio-net card on a tap of L1's (a point-to-point link, L1 10.77.0.1, the guest 10.77.0.2
// from the agent) and vsock (juxta-vmm's own; QEMU's vhost-vsock-device where L1 has /dev/vhost-vsock, this
// program then listening on the agent's port), and the guest streams TCP to a sink here for 3 s
// (`juxta-workload tcpsend`), then reads what a source here streams to it for 3 s (`tcprecv`): start
// -> ready with everything attached (and the agent's own ready_ms, the guest's share), MB/s guest ->
// host and host -> guest, both without vhost-net, then QEMU's with
// it where L1 has /dev/vhost-net, and each VMM's overhead RSS (the rule above) once the TCP run has
// used every device.
// Meant to run inside the nested testbed (engine/bench/vm_vs_qemu.sh), where L1's /dev/kvm works.
//
//   vm_vs_qemu --vmm PATH --kernel BZIMAGE --initrd CPIO --cmdline TEXT [--qemu PATH] [--runs N]
//              [--disk IMAGE [--net yes]]
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/vm_sockets.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/quiet_spawn.h"
#include "core/timeline.h"
#include "vmm/agent/agent_events.h"
#include "vmm/boot/kernel_cache.h"
#include "vmm/config.h"
#include "vmm/virtio/net.h"

extern "C" char** environ;

namespace {

namespace fs = std::filesystem;

constexpr uint64_t kGuestMiB = 256;
constexpr int kReadyTimeoutMs = 600000;
constexpr int kDepth = 16;  // the random reads in flight at once in the disk phase's second run

struct Options {
    std::string vmm, qemu = "qemu-system-x86_64", kernel, initrd, cmdline, disk;
    bool net = false;  // --net yes (with --disk): the card and vsock too
    int runs = 5;
};

struct Sample {
    double readyMs = 0;
    double guestBootMs = 0;  // the agent's boot_ms: the guest kernel's start to /init, guest clock
    uint64_t overheadKib = 0, guestMappingKib = 0;
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "vm_vs_qemu: %s\n", message.c_str());
    std::exit(1);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--vmm")
            o.vmm = v;
        else if (a == "--qemu")
            o.qemu = v;
        else if (a == "--kernel")
            o.kernel = v;
        else if (a == "--initrd")
            o.initrd = v;
        else if (a == "--cmdline")
            o.cmdline = v;
        else if (a == "--runs")
            o.runs = std::max(1, std::atoi(v.c_str()));
        else if (a == "--disk")
            o.disk = v;
        else if (a == "--net")
            o.net = v == "yes";
        else
            die("unknown option " + a);
    }
    if (o.vmm.empty() || o.kernel.empty() || o.initrd.empty() || o.cmdline.empty())
        die("usage: vm_vs_qemu --vmm PATH --kernel BZIMAGE --initrd CPIO --cmdline TEXT [--qemu PATH] "
            "[--runs N] [--disk IMAGE [--net yes]]");
    return o;
}

// Resident KiB of `pid` outside the guest-RAM mapping(s), and the guest mapping's own RSS.
Sample residentOutsideGuest(pid_t pid) {
    std::ifstream smaps("/proc/" + std::to_string(pid) + "/smaps");
    Sample s;
    std::string line;
    bool guest = false;
    while (std::getline(smaps, line)) {
        unsigned long start = 0, end = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> start >> dash >> end && dash == '-') {
            std::string perms, offset, dev, inode, path;
            head >> perms >> offset >> dev >> inode;
            std::getline(head, path);
            const bool anonymous = inode == "0" && path.find_first_not_of(' ') == std::string::npos;
            guest = anonymous && (end - start) >= (kGuestMiB << 20);
            continue;
        }
        if (line.rfind("Rss:", 0) == 0) {
            const uint64_t kib = std::stoull(line.substr(4));
            (guest ? s.guestMappingKib : s.overheadKib) += kib;
        }
    }
    return s;
}

// Spawns argv, waits for the agent's ready line on `fifo`, samples the RSS, kills the VMM.
Sample measure(const std::vector<std::string>& args, const std::string& fifo) {
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (reader < 0) die("open " + fifo);
    const int64_t start = juxta::monotonicNs();
    const pid_t pid = juxta::bench::spawnQuiet(args);
    if (pid < 0) die("spawn " + args[0]);
    std::string seen;
    Sample s;
    for (;;) {
        pollfd p{reader, POLLIN, 0};
        if (::poll(&p, 1, 50) < 0) continue;
        char buffer[512];
        ssize_t n = ::read(reader, buffer, sizeof(buffer));
        if (n > 0) seen.append(buffer, size_t(n));
        if (seen.find("\"event\":\"ready\"") != std::string::npos) {
            s.readyMs = double(juxta::monotonicNs() - start) / 1e6;
            const size_t at = seen.find("\"boot_ms\":");
            if (at != std::string::npos) s.guestBootMs = std::atof(seen.c_str() + at + 10);
            break;
        }
        int status;
        if (::waitpid(pid, &status, WNOHANG) == pid) die(args[0] + " ended before the agent was ready");
        if (juxta::monotonicNs() - start > int64_t(kReadyTimeoutMs) * 1000000)
            die(args[0] + ": no ready line");
    }
    Sample rss = residentOutsideGuest(pid);
    s.overheadKib = rss.overheadKib;
    s.guestMappingKib = rss.guestMappingKib;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(reader);
    return s;
}

// A Unix socket connected to `path`, retried while the VMM makes it (a minute at most).
int connectTo(const std::string& path) {
    for (int i = 0; i < 6000; ++i) {
        int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path.c_str());
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) return fd;
        ::close(fd);
        ::usleep(10000);
    }
    die("connect " + path);
}

// Reads lines from `fd` until one contains `marker`; returns it.
std::string lineWith(int fd, std::string& buffered, const std::string& marker) {
    for (;;) {
        for (std::size_t eol; (eol = buffered.find('\n')) != std::string::npos;) {
            std::string line = buffered.substr(0, eol);
            buffered.erase(0, eol + 1);
            if (line.find(marker) != std::string::npos) return line;
        }
        char chunk[4096];
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) die("the VMM closed its socket before " + marker);
        buffered.append(chunk, std::size_t(n));
    }
}

void writeLine(int fd, const std::string& line) {
    if (::write(fd, line.data(), line.size()) != ssize_t(line.size())) die("write to the VMM");
}

// VMQ_DMESG=1 (vm_vs_qemu.sh passes it on): each boot with every device prints its guest's kernel log.
bool dmesgWanted() {
    const char* v = std::getenv("VMQ_DMESG");
    return v && *v && std::string(v) != "0";
}

// The agent's ready_ms in its ready event or in juxta-vmm's `agent` answer (0 where absent).
double guestReadyMs(const std::string& line) {
    const std::size_t at = line.find("\"ready_ms\":");
    return at == std::string::npos ? 0 : std::atof(line.c_str() + at + 11);
}

// The agent's steps before ready ("mounts 10 modules 900 ..." ms) from its ready event or juxta-vmm's
// `agent` answer ("" where absent).
std::string guestSteps(const std::string& line) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) return "";
    const nlohmann::json& steps = j.contains("guest") ? j["guest"].value("steps", nlohmann::json())
                                                      : j.value("steps", nlohmann::json());
    std::string text;
    if (steps.is_object())
        for (const auto& [name, ms] : steps.items())
            if (ms.is_number())
                text += (text.empty() ? "" : " ") + name.substr(0, name.rfind("_ms")) + " " + ms.dump();
    return text;
}

// What one boot with devices gave: the time to the agent's ready and the command's stdout.
struct GuestRun {
    double readyMs = 0;       // process start -> the agent ready with the devices attached (drivers loaded)
    double guestReadyMs = 0;  // the agent's ready_ms: the guest kernel's start -> ready, guest clock
    std::string steps;        // the agent's steps before ready, ms each (guestSteps)
    std::vector<std::string> out;  // each workload's stdout, in order
    double overheadMib = 0;        // the VMM's resident memory outside guest RAM once the workload has run
};

// QEMU's agent: its ready line on the serial socket `serial`, or — where the guest has a vsock
// device and `vsockListener` listens on this host's agent port — on the connection the agent makes
// there (it says ready where it will take requests). Returns that channel; `buffered` keeps what
// followed the line.
int waitForReadyLine(int serial, int vsockListener, std::string& buffered, int64_t start,
                     std::string& readyLine) {
    std::vector<int> fds = {serial};
    std::vector<std::string> pending(1);
    for (;;) {
        std::vector<pollfd> polled;
        for (int fd : fds) polled.push_back({fd, POLLIN, 0});
        if (vsockListener >= 0) polled.push_back({vsockListener, POLLIN, 0});
        if (::poll(polled.data(), polled.size(), 100) < 0 && errno != EINTR) die("poll");
        if (vsockListener >= 0 && (polled.back().revents & POLLIN)) {
            const int c = ::accept4(vsockListener, nullptr, nullptr, SOCK_CLOEXEC);
            if (c >= 0) fds.push_back(c), pending.emplace_back();
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (!(polled[i].revents & (POLLIN | POLLHUP))) continue;
            char chunk[4096];
            const ssize_t n = ::read(fds[i], chunk, sizeof chunk);
            if (n > 0) pending[i].append(chunk, std::size_t(n));
            const std::size_t at = pending[i].find("\"event\":\"ready\"");
            const std::size_t eol = at == std::string::npos ? at : pending[i].find('\n', at);
            if (eol != std::string::npos) {
                readyLine = pending[i].substr(0, eol);
                buffered = pending[i].substr(eol + 1);
                for (std::size_t j = 1; j < fds.size(); ++j)
                    if (j != i) ::close(fds[j]);
                return fds[i];
            }
        }
        if (juxta::monotonicNs() - start > int64_t(kReadyTimeoutMs) * 1000000) die("qemu: no ready line");
    }
}

// Boots `args`, runs the workloads in the guest one after another, kills the VMM. juxta-vmm: through its
// control socket `socket`; QEMU: the agent protocol itself on the serial socket `socket` (or on vsock,
// above).
GuestRun runInGuest(const std::vector<std::string>& args, bool isJuxta, const std::string& socket,
                    const std::vector<std::vector<std::string>>& workloads, int vsockListener = -1) {
    const int64_t start = juxta::monotonicNs();
    const pid_t pid = juxta::bench::spawnQuiet(args);
    if (pid < 0) die("spawn " + args[0]);
    const int serial = connectTo(socket);
    std::string buffered;
    GuestRun run;
    if (isJuxta) {
        for (;;) {  // until the agent is ready: juxta-vmm answers the moment it is (wait_ms), as QEMU's
                    // ready line is seen at once
            writeLine(serial, "{\"cmd\":\"agent\",\"wait_ms\":60000}\n");
            const std::string answer = lineWith(serial, buffered, "\"ok\"");
            if (answer.find("\"ready\":true") != std::string::npos) {
                run.guestReadyMs = guestReadyMs(answer);
                run.steps = guestSteps(answer);
                break;
            }
        }
        run.readyMs = double(juxta::monotonicNs() - start) / 1e6;
        for (const auto& workload : workloads) {
            writeLine(
                serial,
                nlohmann::json{{"cmd", "exec"}, {"argv", workload}, {"timeout_ms", 600000}}.dump() + "\n");
            const auto answer =
                nlohmann::json::parse(lineWith(serial, buffered, "exit_code"), nullptr, false);
            if (!answer.is_object() || answer.value("exit_code", -1) != 0)
                die("juxta-vmm: " + workload[1] + " failed: " + answer.dump());
            run.out.push_back(answer.value("stdout", std::string()));
        }
    } else {
        std::string readyLine;
        const int fd = waitForReadyLine(serial, vsockListener, buffered, start, readyLine);
        run.readyMs = double(juxta::monotonicNs() - start) / 1e6;
        run.guestReadyMs = guestReadyMs(readyLine);
        run.steps = guestSteps(readyLine);
        uint64_t id = 0;
        for (const auto& workload : workloads) {
            juxta::vmm::ExecRequest request;
            request.argv = workload;
            writeLine(fd, juxta::vmm::runRequestLine(++id, request));
            const auto event =
                nlohmann::json::parse(lineWith(fd, buffered, "\"event\":\"exit\""), nullptr, false);
            if (!event.is_object() || event.value("code", -1) != 0)
                die("qemu: " + workload[1] + " failed: " + event.dump());
            run.out.push_back(event.value("stdout", std::string()));
        }
        if (fd != serial) ::close(fd);
    }
    // After the workload: the devices' rings, buffers and threads have all been used.
    run.overheadMib = double(residentOutsideGuest(pid).overheadKib) / 1024.0;
    ::close(serial);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return run;
}

// A figure of the workload's JSON line (the command's stdout).
double figure(const std::string& stdoutText, const char* name) {
    const auto j = nlohmann::json::parse(stdoutText, nullptr, false);
    if (!j.is_object() || !j.contains(name)) die(std::string("no ") + name + " in: " + stdoutText);
    return j[name].get<double>();
}

// --net: a persistent tap with this host's end of a point-to-point link (kTapHost/24), which both
// VMMs open in turn; the guest gets kTapGuest from the agent (juxta.ip=).
constexpr const char* kTap = "jxbench0";
constexpr const char* kTapHost = "10.77.0.1";
constexpr const char* kTapGuest = "10.77.0.2";
constexpr uint16_t kSinkPort = 5201, kSourcePort = 5202;
constexpr int kStreamSeconds = 3;

void makeTap() {
    const int tun = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (tun < 0) die("open /dev/net/tun");
    ifreq ifr{};
    std::snprintf(ifr.ifr_name, IFNAMSIZ, "%s", kTap);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (::ioctl(tun, TUNSETIFF, &ifr) < 0 || ::ioctl(tun, TUNSETPERSIST, 1) < 0)
        die("make tap " + std::string(kTap));
    ::close(tun);
    const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq req{};
    std::snprintf(req.ifr_name, IFNAMSIZ, "%s", kTap);
    auto* in = reinterpret_cast<sockaddr_in*>(&req.ifr_addr);
    in->sin_family = AF_INET;
    ::inet_pton(AF_INET, kTapHost, &in->sin_addr);
    if (::ioctl(s, SIOCSIFADDR, &req) < 0) die("address on " + std::string(kTap));
    ::inet_pton(AF_INET, "255.255.255.0", &in->sin_addr);
    if (::ioctl(s, SIOCSIFNETMASK, &req) < 0) die("netmask on " + std::string(kTap));
    if (::ioctl(s, SIOCGIFFLAGS, &req) < 0) die("flags of " + std::string(kTap));
    req.ifr_flags |= IFF_UP;
    if (::ioctl(s, SIOCSIFFLAGS, &req) < 0) die("up " + std::string(kTap));
    ::close(s);
}

// A TCP listener on this host's end of the tap, at `port` (`what` names it in a failure).
int listenOnTap(uint16_t port, const char* what) {
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(port);
    ::inet_pton(AF_INET, kTapHost, &at.sin_addr);
    if (::bind(s, reinterpret_cast<sockaddr*>(&at), sizeof at) < 0 || ::listen(s, 4) < 0)
        die(std::string(what) + ": listen");
    return s;
}

// The sink: takes every connection to kSinkPort and reads it to its end (tcpsend measures).
int startSink() {
    const int s = listenOnTap(kSinkPort, "sink");
    std::thread([s] {
        static char buffer[1 << 20];
        for (;;) {
            const int c = ::accept4(s, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) return;
            while (::read(c, buffer, sizeof buffer) > 0) {
            }
            ::close(c);
        }
    }).detach();
    return s;
}

// The source: streams to every connection to kSourcePort for kStreamSeconds in 256 KiB writes, then
// closes (tcprecv measures).
int startSource() {
    const int s = listenOnTap(kSourcePort, "source");
    std::thread([s] {
        static char buffer[256 << 10];
        for (;;) {
            const int c = ::accept4(s, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) return;
            const int64_t until = juxta::monotonicNs() + int64_t(kStreamSeconds) * 1'000'000'000;
            while (juxta::monotonicNs() < until && ::send(c, buffer, sizeof buffer, MSG_NOSIGNAL) > 0) {
            }
            ::close(c);
        }
    }).detach();
    return s;
}

// The host's end of the agent's vsock channel (port 1024, any CID), for QEMU's vhost-vsock device.
int listenVsock() {
    const int s = ::socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    sockaddr_vm at{};
    at.svm_family = AF_VSOCK;
    at.svm_cid = VMADDR_CID_ANY;
    at.svm_port = 1024;
    if (::bind(s, reinterpret_cast<sockaddr*>(&at), sizeof at) < 0 || ::listen(s, 4) < 0) {
        ::close(s);
        return -1;
    }
    return s;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    const fs::path work = fs::temp_directory_path() / ("vm_vs_qemu." + std::to_string(::getpid()));
    fs::create_directories(work);
    // The PVH vmlinux, extracted by the same code juxta-vmm's --boot pvh uses.
    auto bz = juxta::vmm::boot::FileBytes::open(o.kernel, "kernel");
    if (!bz) die(bz.error().message());
    auto vmlinux = juxta::vmm::boot::cachedVmlinux(*bz, work / "kernel-cache");
    if (!vmlinux) die(vmlinux.error().message());
    const std::string elf = (work / "vmlinux").string();
    std::ofstream(elf, std::ios::binary)
        .write(reinterpret_cast<const char*>((*vmlinux)->data()), std::streamsize((*vmlinux)->size()));
    const std::string fifo = (work / "agent.fifo").string();
    if (::mkfifo(fifo.c_str(), 0600) < 0) die("mkfifo " + fifo);

    const std::string mem = std::to_string(kGuestMiB);
    juxta::vmm::VmConfig config;  // juxta-vmm's command line from its one writer (vmm/config.h)
    config.kernel = elf;
    config.initrd = o.initrd;
    config.cmdline = o.cmdline;
    config.memoryMiB = kGuestMiB;
    config.vcpus = 1;
    config.console = "none";
    config.agent = fifo;
    std::vector<std::string> juxta = juxta::vmm::toArgs(config);
    juxta.insert(juxta.begin(), o.vmm);
    const std::vector<std::string> qemu = {o.qemu,
                                           "-M",
                                           "microvm",
                                           "-accel",
                                           "kvm",
                                           "-cpu",
                                           "host",
                                           "-m",
                                           mem,
                                           "-smp",
                                           "1",
                                           "-nodefaults",
                                           "-no-user-config",
                                           "-nographic",
                                           "-no-reboot",
                                           "-monitor",
                                           "none",
                                           "-serial",
                                           "null",
                                           "-chardev",
                                           "file,id=agent,path=" + fifo,
                                           "-device",
                                           "isa-serial,chardev=agent,iobase=0x2f8,irq=3",
                                           "-kernel",
                                           elf,
                                           "-initrd",
                                           o.initrd,
                                           "-append",
                                           o.cmdline};
    // QEMU microvm as documented for a fast boot too: without its CMOS RTC (rtc=off), whose probe
    // by the guest's rtc_cmos — polling the clock's update bit, one exit per read — is most of
    // what its guest spends beyond juxta-vmm's under nested emulation (juxta-vmm declares no RTC).
    std::vector<std::string> qemuNoRtc = qemu;
    qemuNoRtc[2] = "microvm,rtc=off";
    std::vector<double> jt, qt, qnt, jr, qr, jb, qb;
    for (int i = 0; i < o.runs; ++i) {
        for (int which : {0, 1, 2}) {  // juxta-vmm, QEMU, QEMU rtc=off
            const bool isJuxta = which == 0;
            Sample s = measure(which == 0 ? juxta : which == 1 ? qemu : qemuNoRtc, fifo);
            std::printf(
                "run %d %-13s start->ready %8.1f ms  overhead RSS %7.1f MiB  (guest RAM mapping %6.1f MiB)\n",
                i + 1,
                which == 0   ? "juxta-vmm"
                : which == 1 ? "qemu"
                             : "qemu rtc=off",
                s.readyMs, s.overheadKib / 1024.0, s.guestMappingKib / 1024.0);
            std::fflush(stdout);
            if (which == 2) {
                qnt.push_back(s.readyMs);
                continue;
            }
            (isJuxta ? jt : qt).push_back(s.readyMs);
            (isJuxta ? jr : qr).push_back(double(s.overheadKib) / 1024.0);
            (isJuxta ? jb : qb).push_back(s.guestBootMs);
        }
    }
    const double tJ = median(jt), tQ = median(qt), rJ = median(jr), rQ = median(qr);
    std::printf("\nmedians of %d runs each (same vmlinux, initramfs, agent, cmdline; 256 MiB, 1 vCPU)\n",
                o.runs);
    std::printf(
        "  start -> agent ready : juxta-vmm %8.1f ms   QEMU microvm %8.1f ms   ratio %.2f (goal <= 0.45)\n",
        tJ, tQ, tJ / tQ);
    std::printf("  QEMU microvm rtc=off : %8.1f ms (ratio %.2f)\n", median(qnt), tJ / median(qnt));
    std::printf(
        "  VMM overhead RSS     : juxta-vmm %8.1f MiB  QEMU microvm %8.1f MiB  ratio %.2f (goal <= 0.10)\n",
        rJ, rQ, rJ / rQ);
    if (!o.disk.empty()) {
        const std::string api = (work / "api.sock").string(), serial = (work / "agent.sock").string();
        juxta::vmm::VmConfig withDisk = config;
        withDisk.agent.clear();
        withDisk.api = api;
        withDisk.disks = {{o.disk, true}};
        std::vector<std::string> juxtaDisk = juxta::vmm::toArgs(withDisk);
        juxtaDisk.insert(juxtaDisk.begin(), o.vmm);
        std::vector<std::string> qemuDisk = qemu;
        for (std::string& a : qemuDisk)
            if (a == "file,id=agent,path=" + fifo)
                a = "socket,id=agent,path=" + serial + ",server=on,wait=off";
        qemuDisk.insert(qemuDisk.end(),
                        {"-drive", "file=" + o.disk + ",format=raw,if=none,id=d0,readonly=on,aio=io_uring",
                         "-device", "virtio-blk-device,drive=d0"});
        // Queue depth 1, then random reads from kDepth threads at once (as many requests in flight).
        const std::vector<std::vector<std::string>> workload = {
            {"/usr/bin/juxta-workload", "blockread", "--device", "/dev/vda"},
            {"/usr/bin/juxta-workload", "blockread", "--device", "/dev/vda", "--mib", "8", "--depth",
             std::to_string(kDepth)}};
        std::vector<double> js, qs, ji, qi, jr, qr, jd, qd;
        for (int i = 0; i < o.runs; ++i)
            for (bool isJuxta : {true, false}) {
                fs::remove(api);
                fs::remove(serial);
                const GuestRun d =
                    runInGuest(isJuxta ? juxtaDisk : qemuDisk, isJuxta, isJuxta ? api : serial, workload);
                const double seq = figure(d.out[0], "seq_read_mb_per_s"),
                             iops = figure(d.out[0], "rand_read_iops"),
                             deep = figure(d.out[1], "rand_read_iops");
                std::printf(
                    "disk run %d %-9s start->ready %8.1f ms  sequential read %8.1f MB/s  random 4 KiB "
                    "reads %8.0f IOPS, at depth %d %8.0f IOPS\n",
                    i + 1, isJuxta ? "juxta-vmm" : "qemu", d.readyMs, seq, iops, kDepth, deep);
                std::fflush(stdout);
                (isJuxta ? js : qs).push_back(seq);
                (isJuxta ? jr : qr).push_back(d.readyMs);
                (isJuxta ? ji : qi).push_back(iops);
                (isJuxta ? jd : qd).push_back(deep);
            }
        std::printf("\nwith the disk attached, medians of %d runs each\n", o.runs);
        std::printf(
            "  start -> agent ready : juxta-vmm %8.1f ms   QEMU microvm %8.1f ms   ratio %.2f (goal <= 0.35 "
            "with "
            "disk, network and vsock)\n",
            median(jr), median(qr), median(jr) / median(qr));
        const double sJ = median(js), sQ = median(qs), iJ = median(ji), iQ = median(qi);
        std::printf("\nthe disk, medians of %d runs each (%s read-only; guest O_DIRECT, queue depth 1)\n",
                    o.runs, o.disk.c_str());
        std::printf(
            "  sequential read      : juxta-vmm %8.1f MB/s QEMU microvm %8.1f MB/s ratio %.2f (goal >= "
            "1.0)\n",
            sJ, sQ, sJ / sQ);
        std::printf(
            "  random 4 KiB reads   : juxta-vmm %8.0f IOPS QEMU microvm %8.0f IOPS ratio %.2f (goal >= "
            "1.0)\n",
            iJ, iQ, iJ / iQ);
        std::printf(
            "  random 4 KiB, %2d deep: juxta-vmm %8.0f IOPS QEMU microvm %8.0f IOPS ratio %.2f (goal >= "
            "1.0)\n",
            kDepth, median(jd), median(qd), median(jd) / median(qd));

        if (o.net) {
            // Every device: the disk, a card on the tap, vsock (QEMU's vhost-vsock where L1 has it, the
            // agent then on vsock for both), and TCP guest -> host through the card.
            makeTap();
            const int sink = startSink(), source = startSource();
            const int vsockListener = ::access("/dev/vhost-vsock", R_OK | W_OK) == 0 ? listenVsock() : -1;
            juxta::vmm::VmConfig all = withDisk;
            all.nets = {{kTap, std::string(kTapGuest) + "/24", ""}};
            all.vsock = true;
            std::vector<std::string> juxtaAll = juxta::vmm::toArgs(all);
            juxtaAll.insert(juxtaAll.begin(), o.vmm);
            const auto mac =
                juxta::vmm::virtio::NetDevice::macFor(kTap);  // the same MAC: L1's ARP entry holds
            char macText[18];
            std::snprintf(macText, sizeof macText, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
                          mac[3], mac[4], mac[5]);
            const auto qemuAll = [&](bool vhost, bool rtc) {
                std::vector<std::string> q = qemuDisk;
                if (!rtc) q[2] = "microvm,rtc=off";
                for (std::size_t i = 0; i + 1 < q.size(); ++i)
                    if (q[i] == "-append") q[i + 1] += std::string(" juxta.ip=") + kTapGuest + "/24";
                q.insert(q.end(), {"-netdev",
                                   std::string("tap,id=n0,ifname=") + kTap +
                                       ",script=no,downscript=no,vhost=" + (vhost ? "on" : "off"),
                                   "-device", std::string("virtio-net-device,netdev=n0,mac=") + macText});
                if (vsockListener >= 0) q.insert(q.end(), {"-device", "vhost-vsock-device,guest-cid=3"});
                return q;
            };
            const bool vhostNet = ::access("/dev/vhost-net", R_OK | W_OK) == 0;
            std::vector<std::vector<std::string>> send = {
                {"/usr/bin/juxta-workload", "tcpsend", "--host", kTapHost, "--port",
                 std::to_string(kSinkPort), "--seconds", std::to_string(kStreamSeconds)},
                {"/usr/bin/juxta-workload", "tcprecv", "--host", kTapHost, "--port",
                 std::to_string(kSourcePort)}};
            if (dmesgWanted()) send.push_back({"/bin/busybox", "dmesg"});
            std::vector<double> jn, qn, qv, jin, qin, qvin, jready, qready, qnready, jmem, qmem;
            for (int i = 0; i < o.runs; ++i)
                for (int which : {0, 1, 2, 3}) {  // juxta-vmm, QEMU, QEMU with vhost-net, QEMU rtc=off
                    if (which == 2 && !vhostNet) continue;
                    fs::remove(api);
                    fs::remove(serial);
                    const GuestRun r = runInGuest(which == 0 ? juxtaAll : qemuAll(which == 2, which != 3),
                                                  which == 0, which == 0 ? api : serial, send, vsockListener);
                    const double mbs = figure(r.out[0], "mb_per_s"), in = figure(r.out[1], "mb_per_s");
                    std::printf(
                        "net run %d %-15s start->ready %8.1f ms (guest %6.0f ms)  TCP guest->host %6.1f MB/s "
                        " "
                        "host->guest %6.1f MB/s  overhead RSS %6.1f MiB\n",
                        i + 1,
                        which == 0   ? "juxta-vmm"
                        : which == 1 ? "qemu"
                        : which == 2 ? "qemu vhost-net"
                                     : "qemu rtc=off",
                        r.readyMs, r.guestReadyMs, mbs, in, r.overheadMib);
                    if (!r.steps.empty())
                        std::printf("    the agent's steps before ready (ms): %s\n", r.steps.c_str());
                    if (dmesgWanted() && r.out.size() > 2) std::printf("%s\n", r.out[2].c_str());
                    std::fflush(stdout);
                    if (which == 3) {
                        qnready.push_back(r.readyMs);
                        continue;
                    }
                    (which == 0 ? jn : which == 1 ? qn : qv).push_back(mbs);
                    (which == 0 ? jin : which == 1 ? qin : qvin).push_back(in);
                    if (which < 2) (which == 0 ? jready : qready).push_back(r.readyMs);
                    if (which < 2) (which == 0 ? jmem : qmem).push_back(r.overheadMib);
                }
            ::close(sink);
            ::close(source);
            std::printf(
                "\nwith disk, network%s attached, medians of %d runs each\n",
                vsockListener >= 0 ? " and vsock" : " (and vsock for juxta-vmm only: no /dev/vhost-vsock)",
                o.runs);
            std::printf(
                "  start -> agent ready : juxta-vmm %8.1f ms   QEMU microvm %8.1f ms   ratio %.2f (goal <= "
                "0.35)\n",
                median(jready), median(qready), median(jready) / median(qready));
            std::printf("  QEMU microvm rtc=off : %8.1f ms (ratio %.2f)\n", median(qnready),
                        median(jready) / median(qnready));
            std::printf(
                "  TCP guest -> host    : juxta-vmm %8.1f MB/s QEMU microvm %8.1f MB/s ratio %.2f (goal >= "
                "0.9, "
                "both without vhost)\n",
                median(jn), median(qn), median(jn) / median(qn));
            std::printf(
                "  TCP host -> guest    : juxta-vmm %8.1f MB/s QEMU microvm %8.1f MB/s ratio %.2f (both "
                "without vhost)\n",
                median(jin), median(qin), median(jin) / median(qin));
            std::printf(
                "  VMM overhead RSS     : juxta-vmm %8.1f MiB  QEMU microvm %8.1f MiB  ratio %.2f (goal <= "
                "0.10; "
                "after the TCP run)\n",
                median(jmem), median(qmem), median(jmem) / median(qmem));
            if (vhostNet)
                std::printf(
                    "  QEMU with vhost-net  : %8.1f MB/s guest -> host, %.1f MB/s host -> guest (juxta-vmm "
                    "has no "
                    "vhost: ratios %.2f, %.2f)\n",
                    median(qv), median(qvin), median(jn) / median(qv), median(jin) / median(qvin));
            else
                std::printf("  QEMU with vhost-net  : not measured (no /dev/vhost-net in L1)\n");
        }
    }
    fs::remove_all(work);
}
