// The syscalls a container may call: Docker's default seccomp profile (moby/profiles seccomp
// v0.2.3, as vendored by moby in May 2026) for the default capability set. Facts carried over, not
// the file: the names below are its unconditional allow-list; the capability-gated entries that
// apply to our set (ptrace and process_vm_* since kernel 4.8, chroot for CAP_SYS_CHROOT) and the
// per-architecture ones are added at the end. Syscalls with argument rules (clone, socket,
// setsockopt, personality) and clone3 (ENOSYS) are in seccomp_compile.cpp (socket's and setsockopt's
// as data here, socketRules()); riscv_hwprobe (RISC-V only) is left out.
#include "runtime/seccomp.h"

namespace juxta::runtime {
namespace {

// [lo, hi] of argument `arg` as aligned power-of-two blocks, each one masked comparison (the
// filter has no "not equal" that also checks the upper half).
void addRange(std::vector<ArgumentRule>& rules, const char* syscall, std::vector<ArgumentTest> prefix,
              unsigned arg, uint64_t lo, uint64_t hi) {
    while (lo <= hi) {
        uint64_t size = 1;
        while (lo % (size * 2) == 0 && lo + size * 2 - 1 <= hi) size *= 2;
        std::vector<ArgumentTest> all = prefix;
        all.push_back({arg, false, ~(size - 1), lo});
        rules.push_back({syscall, std::move(all)});
        lo += size;
    }
}

}  // namespace

const std::vector<ArgumentRule>& socketRules() {
    static const std::vector<ArgumentRule> rules = [] {
        std::vector<ArgumentRule> r;
        // socket(family, type, protocol): every family up to 63 but AF_INET and AF_INET6 (below),
        // AF_PACKET, AF_ALG and AF_VSOCK.
        for (auto [lo, hi] :
             {std::pair<uint64_t, uint64_t>{0, 1}, {3, 9}, {11, 16}, {18, 37}, {39, 39}, {41, 63}})
            addRange(r, "socket", {}, 0, lo, hi);
        for (uint64_t family : {2, 10}) {  // AF_INET, AF_INET6: any protocol but IPPROTO_RAW
            r.push_back({"socket", {{0, false, ~uint64_t(0), family}, {2, true, 0, 255}}});
            r.push_back(
                {"socket", {{0, false, ~uint64_t(0), family}, {2, false, ~uint64_t(0), 262}}});  // MPTCP
        }
        // setsockopt(fd, level, name, ...): every level up to 511 but SOL_IP and SOL_IPV6, whose
        // options up to 255 but the header's and the transparent proxy's.
        addRange(r, "setsockopt", {}, 1, 1, 40);
        addRange(r, "setsockopt", {}, 1, 42, 511);
        const ArgumentTest solIp{1, false, ~uint64_t(0), 0}, solIpv6{1, false, ~uint64_t(0), 41};
        for (auto [lo, hi] : {std::pair<uint64_t, uint64_t>{0, 2}, {4, 18}, {20, 255}})
            addRange(r, "setsockopt", {solIp}, 2, lo, hi);
        for (auto [lo, hi] : {std::pair<uint64_t, uint64_t>{0, 35}, {37, 74}, {76, 255}})
            addRange(r, "setsockopt", {solIpv6}, 2, lo, hi);
        return r;
    }();
    return rules;
}

const std::vector<const char*>& allowedSyscalls() {
    static const std::vector<const char*> list = {
        // clang-format off
        "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "cachestat", "capget", "capset",
        "chdir", "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64", "clock_getres",
        "clock_getres_time64", "clock_gettime", "clock_gettime64", "clock_nanosleep",
        "clock_nanosleep_time64", "close", "close_range", "connect", "copy_file_range", "creat", "dup",
        "dup2", "dup3", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait",
        "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat", "exit",
        "exit_group", "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark",
        "fchdir", "fchmod", "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64",
        "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr", "fstat",
        "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex",
        "futex_requeue", "futex_time64", "futex_wait", "futex_waitv", "futex_wake", "futimesat", "getcpu",
        "getcwd", "getdents", "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid",
        "getgid32", "getgroups", "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid",
        "getppid", "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32",
        "getrlimit", "get_robust_list", "getrusage", "getsid", "getsockname", "getsockopt",
        "get_thread_area", "gettid", "gettimeofday", "getuid", "getuid32", "getxattr", "inotify_add_watch",
        "inotify_init", "inotify_init1", "inotify_rm_watch", "io_cancel", "ioctl", "io_destroy",
        "io_getevents", "io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set", "io_setup",
        "io_submit", "ipc", "kill", "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self",
        "lchown", "lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr", "llistxattr", "_llseek",
        "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise", "map_shadow_stack",
        "membarrier", "memfd_create", "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat",
        "mlock", "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr", "mq_notify", "mq_open",
        "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64", "mq_unlink",
        "mremap", "msgctl", "msgget", "msgrcv", "msgsnd", "msync", "munlock", "munlockall", "munmap",
        "name_to_handle_at", "nanosleep", "newfstatat", "_newselect", "open", "openat", "openat2", "pause",
        "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc", "pkey_free", "pkey_mprotect",
        "poll", "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2", "prlimit64",
        "process_mrelease", "pselect6", "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read",
        "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg", "recvmmsg_time64",
        "recvmsg", "remap_file_pages", "removexattr", "rename", "renameat", "renameat2", "restart_syscall",
        "rmdir", "rseq", "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo",
        "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_tgsigqueueinfo",
        "sched_getaffinity", "sched_getattr", "sched_getparam", "sched_get_priority_max",
        "sched_get_priority_min", "sched_getscheduler", "sched_rr_get_interval",
        "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr", "sched_setparam",
        "sched_setscheduler", "sched_yield", "seccomp", "select", "semctl", "semget", "semop", "semtimedop",
        "semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "setfsgid",
        "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32",
        "setitimer", "setpgid", "setpriority", "setregid", "setregid32", "setresgid", "setresgid32",
        "setresuid", "setresuid32", "setreuid", "setreuid32", "setrlimit", "set_robust_list", "setsid",
        "set_thread_area", "set_tid_address", "setuid", "setuid32", "setxattr", "shmat",
        "shmctl", "shmdt", "shmget", "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask",
        "sigreturn", "socketcall", "socketpair", "splice", "stat", "stat64", "statfs", "statfs64", "statx",
        "symlink", "symlinkat", "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time",
        "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64",
        "timer_settime", "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
        "timerfd_settime", "timerfd_settime64", "times", "tkill", "truncate", "truncate64", "ugetrlimit",
        "umask", "uname", "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes", "vfork",
        "vmsplice", "wait4", "waitid", "waitpid", "write", "writev",
        // gated by a capability of the default set, or by kernel 4.8 (always here)
        "ptrace", "process_vm_readv", "process_vm_writev", "chroot",
#if defined(__x86_64__)
        "arch_prctl", "modify_ldt",
#elif defined(__aarch64__)
        "arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls",
#endif
        // clang-format on
    };
    return list;
}

// Newer than Debian 12's libseccomp 2.5.4 (it resolves up to futex_requeue, 456). The numbers from
// 424 on are shared by x86_64 and aarch64 (the unified syscall table).
const std::vector<SyscallNumber>& syscallsUnknownToLibseccomp() {
    static const std::vector<SyscallNumber> list = {
        {"statmount", 457},
        {"listmount", 458},
        {"mseal", 462},
        {"setxattrat", 463},
        {"getxattrat", 464},
        {"listxattrat", 465},
        {"removexattrat", 466},
#if defined(__x86_64__)
        {"uretprobe", 335},
#endif
    };
    return list;
}

}  // namespace juxta::runtime
