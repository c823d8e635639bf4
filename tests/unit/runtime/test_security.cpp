// The hardening sets: Docker's default capabilities and the seccomp filter, built and loaded for
// real into a forked child (needs no privileges: no_new_privs allows an unprivileged filter).
#include <linux/capability.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTest>
#include <algorithm>
#include <cstring>

#include "runtime/capabilities.h"
#include "runtime/cgroup_v2_devices.h"
#include "runtime/devices.h"
#include "runtime/rootfs.h"
#include "runtime/seccomp.h"

using namespace juxta;
using namespace juxta::runtime;

namespace {

bool allowed(const char* name) {
    const auto& list = allowedSyscalls();
    return std::any_of(list.begin(), list.end(), [&](const char* n) { return !std::strcmp(n, name); });
}

// Runs probe() in a child under the filter; returns its exit code (the probe's verdict).
int underFilter(const SeccompProgram& program, int (*probe)()) {
    const pid_t pid = fork();
    if (pid == 0) {
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) _exit(100);
        if (!loadSeccompProgram(program).ok()) _exit(101);
        _exit(probe());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status);
}

}  // namespace

class TestSecurity : public QObject {
    Q_OBJECT
  private slots:
    void dockerDefaultCapabilities() {
        const CapabilitySet caps = runtime::dockerDefaultCapabilities();
        const auto names = capabilityNames(caps);
        QCOMPARE(names.size(), std::size_t(14));
        for (const char* kept : {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
                                 "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
                                 "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"})
            QVERIFY2(std::find(names.begin(), names.end(), kept) != names.end(), kept);
        for (int dropped : {CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_BOOT, CAP_SYS_PTRACE, CAP_NET_ADMIN,
                            CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_BPF, CAP_DAC_READ_SEARCH})
            QVERIFY(!caps.has(dropped));
        QCOMPARE(caps.bits, uint64_t(0xa80425fb));  // what /proc/<pid>/status shows for a Docker container
    }
    void allowListLeavesOutWhatDockerDenies() {
        for (const char* name : {"mount",
                                 "umount2",
                                 "pivot_root",
                                 "reboot",
                                 "kexec_load",
                                 "kexec_file_load",
                                 "init_module",
                                 "finit_module",
                                 "delete_module",
                                 "unshare",
                                 "setns",
                                 "keyctl",
                                 "add_key",
                                 "bpf",
                                 "perf_event_open",
                                 "swapon",
                                 "settimeofday",
                                 "clock_settime",
                                 "open_by_handle_at",
                                 "userfaultfd",
                                 "iopl",
                                 "ioperm",
                                 "acct",
                                 "fsopen",
                                 "move_mount",
                                 "open_tree",
                                 "io_uring_setup",
                                 "io_uring_enter",
                                 "clone",
                                 "clone3",
                                 "socket",
                                 "setsockopt",
                                 "personality",
                                 "lsm_set_self_attr",
                                 "open_tree_attr"})
            QVERIFY2(!allowed(name), name);
        for (const char* name : {"read", "write", "openat", "execve", "mmap", "ptrace", "getrandom", "chroot",
                                 "arch_prctl", "rseq", "fchmodat2", "futex_waitv", "landlock_create_ruleset"})
            QVERIFY2(allowed(name), name);
        // Every name is known to the libseccomp we build against (an unknown one would stay denied),
        // and the ones it cannot name are not in both lists.
        for (const char* name : allowedSyscalls())
            QVERIFY2(seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR, name);
        for (const SyscallNumber& s : syscallsUnknownToLibseccomp()) QVERIFY2(!allowed(s.name), s.name);
    }
    void embeddedProgramIsWhatLibseccompCompiles() {
        // The build embedded the program; compiled now from the same lists it is the same.
        auto compiled = compileDefaultSeccompProgram();
        QVERIFY2(compiled.ok(), compiled.ok() ? "" : compiled.error().message().c_str());
        const auto& embedded = defaultSeccompProgram().instructions;
        QCOMPARE(embedded.size(), compiled->instructions.size());
        QVERIFY(!std::memcmp(embedded.data(), compiled->instructions.data(),
                             embedded.size() * sizeof(sock_filter)));
    }
    void filterDeniesMountRebootAndNamespaces() {
        const SeccompProgram* program = &defaultSeccompProgram();  // what containers get
        QVERIFY(program->instructions.size() > 350);               // one compare per allowed syscall at least
        QVERIFY(program->instructions.size() < 1000);  // a binary tree, not a list of rules per arch
        QCOMPARE(underFilter(*program, [] { return syscall(1000) < 0 && errno == EPERM ? 0 : 1; }), 0);
        QCOMPARE(underFilter(
                     *program,
                     [] { return mount("none", "/mnt", "tmpfs", 0, nullptr) < 0 && errno == EPERM ? 0 : 1; }),
                 0);
        QCOMPARE(underFilter(*program, [] { return reboot(RB_POWER_OFF) < 0 && errno == EPERM ? 0 : 1; }), 0);
        QCOMPARE(underFilter(*program, [] { return unshare(CLONE_NEWUSER) < 0 && errno == EPERM ? 0 : 1; }),
                 0);
        QCOMPARE(underFilter(
                     *program,
                     [] { return syscall(SYS_init_module, nullptr, 0, "") < 0 && errno == EPERM ? 0 : 1; }),
                 0);
        QCOMPARE(underFilter(*program,
                             [] { return syscall(SYS_clone3, nullptr, 0) < 0 && errno == ENOSYS ? 0 : 1; }),
                 0);
        // AF_VSOCK and AF_ALG denied, also with bits above the int the kernel reads; AF_UNIX allowed.
        QCOMPARE(underFilter(*program,
                             [] {
                                 for (uint64_t family :
                                      {uint64_t(AF_VSOCK), uint64_t(AF_ALG), (uint64_t(1) << 32) | AF_VSOCK})
                                     if (syscall(SYS_socket, family, SOCK_STREAM, 0) >= 0 || errno != EPERM)
                                         return 1;
                                 return socket(AF_UNIX, SOCK_STREAM, 0) >= 0 ? 0 : 2;
                             }),
                 0);
        // clone with a namespace flag is denied, a plain fork is not.
        QCOMPARE(underFilter(*program,
                             [] {
                                 long r = syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, nullptr, nullptr,
                                                  nullptr, nullptr);
                                 return r < 0 && errno == EPERM ? 0 : 1;
                             }),
                 0);
        QCOMPARE(underFilter(*program,
                             [] {
                                 pid_t child = fork();
                                 if (child == 0) _exit(7);
                                 int status = 0;
                                 waitpid(child, &status, 0);
                                 return child > 0 && WEXITSTATUS(status) == 7 && getpid() > 0 ? 0 : 1;
                             }),
                 0);
    }
    // No frame or IP header of a container's own on the bridge (seccomp.h): AF_PACKET, raw sockets
    // with IPPROTO_RAW and the header and transparent-proxy options are refused — also with bits
    // above the int the kernel reads — while ordinary sockets and options work, and (as root, with
    // CAP_NET_RAW) ping's raw ICMP socket, with options of its own.
    void socketsWriteNoFrameOrHeaderOfTheirOwn() {
        const SeccompProgram& program = defaultSeccompProgram();
        static bool root;  // the probe is a plain function: the forked child reads its copy
        root = ::geteuid() == 0;
        QCOMPARE(
            underFilter(program,
                        [] {
                            const auto denied = [](long rc) { return rc < 0 && errno == EPERM; };
                            if (!denied(socket(AF_PACKET, SOCK_RAW, htons(0x0806)))) return 1;
                            if (!denied(socket(AF_PACKET, SOCK_DGRAM, 0))) return 2;
                            if (!denied(socket(AF_INET, SOCK_RAW, IPPROTO_RAW))) return 3;
                            if (!denied(socket(AF_INET6, SOCK_RAW, IPPROTO_RAW))) return 4;
                            if (!denied(syscall(SYS_socket, (uint64_t(1) << 32) | AF_PACKET, SOCK_RAW, 0)))
                                return 5;
                            if (!denied(syscall(SYS_socket, AF_INET, SOCK_RAW, (uint64_t(1) << 32) | 255)))
                                return 6;
                            const int udp = socket(AF_INET, SOCK_DGRAM, 0), one = 1;
                            if (udp < 0) return 7;
                            if (!denied(setsockopt(udp, SOL_IP, IP_TRANSPARENT, &one, sizeof one))) return 8;
                            if (!denied(setsockopt(udp, SOL_IP, IP_HDRINCL, &one, sizeof one))) return 9;
                            if (!denied(syscall(SYS_setsockopt, udp, (uint64_t(1) << 32) | SOL_IP,
                                                IP_TRANSPARENT, &one, sizeof one)))
                                return 10;
                            if (!denied(syscall(SYS_setsockopt, udp, SOL_IP,
                                                (uint64_t(1) << 32) | IP_TRANSPARENT, &one, sizeof one)))
                                return 11;
                            if (setsockopt(udp, SOL_IP, IP_TTL, &one, sizeof one) != 0) return 12;
                            if (setsockopt(udp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) return 13;
                            const int tcp6 = socket(AF_INET6, SOCK_STREAM, 0);
                            if (tcp6 < 0) return 14;
                            if (!denied(setsockopt(tcp6, SOL_IPV6, IPV6_TRANSPARENT, &one, sizeof one)))
                                return 15;
                            if (!denied(setsockopt(tcp6, SOL_IPV6, 36 /* IPV6_HDRINCL */, &one, sizeof one)))
                                return 16;
                            if (setsockopt(tcp6, SOL_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) return 17;
                            if (setsockopt(tcp6, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) return 18;
                            if (root) {
                                const int icmp = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
                                if (icmp < 0) return 19;
                                if (setsockopt(icmp, SOL_IP, IP_TTL, &one, sizeof one) != 0) return 20;
                                if (!denied(setsockopt(icmp, SOL_IP, IP_HDRINCL, &one, sizeof one)))
                                    return 21;
                            }
                            return 0;
                        }),
            0);
    }
    void personalityOnlyForDockersValues() {
        const SeccompProgram* program = &defaultSeccompProgram();
        // Denied: what would undo address-space hardening or emulate another kernel. The probe is a
        // plain function, so the value travels in a static (the forked child has its copy).
        static unsigned long persona;
        for (unsigned long value : std::initializer_list<unsigned long>{
                 PER_LINUX32_3GB, ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC, PER_BSD, 0x1000000, ~0ul}) {
            persona = value;
            QVERIFY2(underFilter(*program,
                                 [] { return personality(persona) == -1 && errno == EPERM ? 0 : 1; }) == 0,
                     qPrintable(QString::number(value, 16)));
        }
        // Allowed: the query and Docker's four values; each call really takes effect.
        QCOMPARE(underFilter(*program, [] { return personality(0xffffffff) == PER_LINUX ? 0 : 1; }), 0);
        QCOMPARE(underFilter(*program,
                             [] {
                                 // The persona constants are of different unnamed enums: as ints.
                                 constexpr int both = int(UNAME26) | int(PER_LINUX32);
                                 return personality(UNAME26) == PER_LINUX &&
                                                personality(PER_LINUX32) == UNAME26 &&
                                                personality(both) == PER_LINUX32 &&
                                                personality(0xffffffff) == both &&
                                                personality(PER_LINUX) == both
                                            ? 0
                                            : 1;
                             }),
                 0);
    }
    void deviceRulesForBothCgroupVersions() {
        const auto rules = allowedDeviceRules();
        std::vector<std::string> v1;
        for (const auto& r : rules) v1.push_back(r.toV1());
        for (const char* rule :
             {"c *:* m", "b *:* m", "c 1:3 rwm", "c 1:9 rwm", "c 136:* rwm", "c 10:200 rwm"})
            QVERIFY2(std::find(v1.begin(), v1.end(), rule) != v1.end(), rule);
        QVERIFY(std::none_of(v1.begin(), v1.end(),
                             [](const std::string& r) { return r.rfind("b ", 0) == 0 && r != "b *:* m"; }));
        // The v2 program: every failed compare jumps to the start of the next rule (or the final
        // "return 0"), never out of the program; it ends by denying.
        const auto program = deviceProgram(rules);
        QVERIFY(program.size() > 40);
        QCOMPARE(program.back().code, uint8_t(BPF_JMP | BPF_EXIT));
        QCOMPARE(program[program.size() - 2].imm, 0);
        for (std::size_t i = 0; i < program.size(); ++i) {
            if (BPF_CLASS(program[i].code) != BPF_JMP || BPF_OP(program[i].code) != BPF_JNE) continue;
            const std::size_t target = i + 1 + std::size_t(program[i].off);
            QVERIFY(target < program.size());
            QCOMPARE(program[target - 1].code, uint8_t(BPF_JMP | BPF_EXIT));  // just past a rule's "return 1"
        }
    }
    void maskedAndReadOnlyPaths() {
        const auto& masked = maskedPaths();
        for (const char* p : {"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug",
                              "/sys/firmware", "/proc/acpi", "/proc/latency_stats", "/proc/scsi"})
            QVERIFY2(std::find_if(masked.begin(), masked.end(),
                                  [&](const char* m) { return !std::strcmp(m, p); }) != masked.end(),
                     p);
        const auto& ro = readOnlyPaths();
        for (const char* p : {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs"})
            QVERIFY2(std::find_if(ro.begin(), ro.end(), [&](const char* m) { return !std::strcmp(m, p); }) !=
                         ro.end(),
                     p);
    }
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "test_security.moc"
