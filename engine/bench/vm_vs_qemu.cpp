// vm_vs_qemu: juxta-vmm next to QEMU microvm booting the same guest — the same PVH vmlinux (what
// juxta-vmm's kernel cache extracts from the bzImage; QEMU boots it with -kernel), the same
// tiny-linux initramfs and agent, the same command line, 256 MiB, 1 vCPU, console discarded,
// ttyS1 into a FIFO — run alternately N times each (default 5). For each run it measures
//   start -> ready: from just before the VMM process is spawned to the moment the agent's ready
//                   line arrives on the FIFO;
//   overhead RSS:   at that moment, the VMM's resident memory (/proc/PID/smaps) without the
//                   guest-RAM mapping (anonymous mappings at least as large as guest memory) —
//                   the same rule for both;
// and prints the medians, the ratios, and the goals (time <= 0.45x, RSS <= 0.1x QEMU's).
// Meant to run inside the nested testbed (engine/bench/vm_vs_qemu.sh), where L1's /dev/kvm works.
//
//   vm_vs_qemu --vmm PATH --kernel BZIMAGE --initrd CPIO --cmdline TEXT [--qemu PATH] [--runs N]
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/quiet_spawn.h"
#include "core/timeline.h"
#include "vmm/boot/kernel_cache.h"
#include "vmm/config.h"

extern "C" char** environ;

namespace {

namespace fs = std::filesystem;

constexpr uint64_t kGuestMiB = 256;
constexpr int kReadyTimeoutMs = 600000;

struct Options {
    std::string vmm, qemu = "qemu-system-x86_64", kernel, initrd, cmdline;
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
        else
            die("unknown option " + a);
    }
    if (o.vmm.empty() || o.kernel.empty() || o.initrd.empty() || o.cmdline.empty())
        die("usage: vm_vs_qemu --vmm PATH --kernel BZIMAGE --initrd CPIO --cmdline TEXT [--qemu PATH] "
            "[--runs N]");
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
    auto bz = juxta::vmm::boot::readWholeFile(o.kernel, "kernel");
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
    std::vector<double> jt, qt, jr, qr, jb, qb;
    for (int i = 0; i < o.runs; ++i) {
        for (bool isJuxta : {true, false}) {
            Sample s = measure(isJuxta ? juxta : qemu, fifo);
            std::printf(
                "run %d %-9s start->ready %8.1f ms  overhead RSS %7.1f MiB  (guest RAM mapping %6.1f MiB)\n",
                i + 1, isJuxta ? "juxta-vmm" : "qemu", s.readyMs, s.overheadKib / 1024.0,
                s.guestMappingKib / 1024.0);
            std::fflush(stdout);
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
    std::printf(
        "  VMM overhead RSS     : juxta-vmm %8.1f MiB  QEMU microvm %8.1f MiB  ratio %.2f (goal <= 0.10)\n",
        rJ, rQ, rJ / rQ);
    fs::remove_all(work);
}
