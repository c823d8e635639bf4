#include "runtime/seccomp.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>

#include "core/unique_fd.h"

namespace juxta::runtime {
namespace {

struct CtxDeleter {
    void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};
using Ctx = std::unique_ptr<void, CtxDeleter>;

Error seccompError(const std::string& what, int rc) {
    return Error(-rc, "seccomp: " + what + ": " + std::strerror(-rc));
}

#if defined(__x86_64__)
constexpr uint32_t kNativeAuditArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr uint32_t kNativeAuditArch = AUDIT_ARCH_AARCH64;
#endif

// Docker allows personality() only for PER_LINUX (0), PER_LINUX32 (8), UNAME26 | PER_LINUX32
// (0x20008) and the query 0xffffffff; the other flags (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC, ...)
// undo address-space hardening. A default-allow libseccomp filter cannot say "only these values":
// libseccomp compares an argument once per rule and refuses an allow rule when allow is the
// default. So these few instructions go before libseccomp's program: any other syscall, another
// ABI and an allowed value fall through to it (it allows personality), the rest get EPERM.
// Jump offsets count the instructions after the jump.
std::vector<sock_filter> personalityFilter() {
    constexpr uint32_t argLow = offsetof(seccomp_data, args[0]);  // little-endian: the low half first
    return {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kNativeAuditArch, 0, 10),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_personality, 0, 8),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, argLow + 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 5),  // any upper bit set: denied
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, argLow),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0, 4, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x20008, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
        // libseccomp's program follows
    };
}

}  // namespace

const std::vector<DeniedSyscall>& deniedSyscalls() {
    static const std::vector<DeniedSyscall> list = {
        // filesystems and mounts
        {"mount", EPERM},
        {"umount", EPERM},
        {"umount2", EPERM},
        {"pivot_root", EPERM},
        {"fsopen", EPERM},
        {"fsconfig", EPERM},
        {"fsmount", EPERM},
        {"fspick", EPERM},
        {"move_mount", EPERM},
        {"open_tree", EPERM},
        {"mount_setattr", EPERM},
        {"name_to_handle_at", EPERM},
        {"open_by_handle_at", EPERM},
        {"quotactl", EPERM},
        {"quotactl_fd", EPERM},
        {"swapon", EPERM},
        {"swapoff", EPERM},
        {"sysfs", EPERM},
        {"ustat", EPERM},
        {"nfsservctl", EPERM},
        {"fanotify_init", EPERM},
        // the machine: reboot, kexec, kernel modules, clocks, I/O ports
        {"reboot", EPERM},
        {"kexec_load", EPERM},
        {"kexec_file_load", EPERM},
        {"init_module", EPERM},
        {"finit_module", EPERM},
        {"delete_module", EPERM},
        {"create_module", EPERM},
        {"query_module", EPERM},
        {"get_kernel_syms", EPERM},
        {"settimeofday", EPERM},
        {"clock_settime", EPERM},
        {"clock_adjtime", EPERM},
        {"stime", EPERM},
        {"ioperm", EPERM},
        {"iopl", EPERM},
        {"acct", EPERM},
        {"syslog", EPERM},
        {"vhangup", EPERM},
        {"_sysctl", EPERM},
        {"uselib", EPERM},
        {"lookup_dcookie", EPERM},
        {"vm86", EPERM},
        {"vm86old", EPERM},
        // namespaces (clone with namespace flags is an argument rule below)
        {"unshare", EPERM},
        {"setns", EPERM},
        {"clone3", ENOSYS},
        // kernel keyrings, BPF, perf, userfaultfd, io_uring, cross-process handles
        {"add_key", EPERM},
        {"request_key", EPERM},
        {"keyctl", EPERM},
        {"bpf", EPERM},
        {"perf_event_open", EPERM},
        {"userfaultfd", EPERM},
        {"kcmp", EPERM},
        {"pidfd_getfd", EPERM},
        {"io_uring_setup", EPERM},
        {"io_uring_enter", EPERM},
        {"io_uring_register", EPERM},
        // NUMA policy (CAP_SYS_NICE in Docker's profile)
        {"mbind", EPERM},
        {"set_mempolicy", EPERM},
        {"get_mempolicy", EPERM},
        {"move_pages", EPERM},
        {"set_mempolicy_home_node", EPERM},
        // unimplemented or obsolete entry points
        {"afs_syscall", EPERM},
        {"getpmsg", EPERM},
        {"putpmsg", EPERM},
        {"security", EPERM},
        {"tuxcall", EPERM},
        {"vserver", EPERM},
    };
    return list;
}

Result<SeccompProgram> buildDefaultSeccompProgram() {
    Ctx ctx(seccomp_init(SCMP_ACT_ALLOW));
    if (!ctx) return Error(ENOMEM, "seccomp: cannot create a filter");
    // Binary-tree dispatch on the syscall number instead of a linear scan.
    seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
    seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    for (const DeniedSyscall& d : deniedSyscalls()) {
        const int nr = seccomp_syscall_resolve_name(d.name);
        if (nr == __NR_SCMP_ERROR) continue;  // not known to this libseccomp
        const int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(d.error), nr, 0);
        if (rc < 0 && !(nr < 0 && rc == -EDOM)) return seccompError(std::string("deny ") + d.name, rc);
    }
    // clone creating namespaces: EPERM (Docker allows clone only with none of these flags).
    for (uint64_t flag : {CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
                          CLONE_NEWCGROUP}) {
        const int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                                        SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag));
        if (rc < 0) return seccompError("deny clone with namespace flags", rc);
    }
    // vsock reaches the hypervisor, outside the container's network namespace.
    if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
                                  SCMP_A0(SCMP_CMP_EQ, AF_VSOCK));
        rc < 0)
        return seccompError("deny socket(AF_VSOCK)", rc);

    // libseccomp 2.5 exports to an fd only; a memfd keeps it off any filesystem.
    UniqueFd mem(::memfd_create("juxta-seccomp", MFD_CLOEXEC));
    if (!mem) return Error::fromErrno("seccomp: memfd_create");
    if (int rc = seccomp_export_bpf(ctx.get(), mem.get()); rc < 0) return seccompError("export filter", rc);
    const off_t size = ::lseek(mem.get(), 0, SEEK_END);
    if (size <= 0 || size % sizeof(sock_filter) != 0)
        return Error(EINVAL, "seccomp: exported filter has a bad size");
    SeccompProgram program;
    program.instructions = personalityFilter();
    const std::size_t prefix = program.instructions.size();
    program.instructions.resize(prefix + std::size_t(size) / sizeof(sock_filter));
    if (::pread(mem.get(), program.instructions.data() + prefix, std::size_t(size), 0) != size)
        return Error::fromErrno("seccomp: read exported filter");
    return program;
}

Status loadSeccompProgram(const SeccompProgram& program) {
    sock_fprog prog{};
    prog.len = static_cast<unsigned short>(program.instructions.size());
    prog.filter = const_cast<sock_filter*>(program.instructions.data());
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
        return Error::fromErrno("load seccomp filter");
    return {};
}

}  // namespace juxta::runtime
