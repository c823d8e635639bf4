#include "runtime/namespaces.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/unique_fd.h"

namespace juxta::runtime {

unsigned long namespaceFlags(bool cgroupNamespaceAtClone) {
    unsigned long flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET;
    if (cgroupNamespaceAtClone) flags |= CLONE_NEWCGROUP;
    return flags;
}

Result<ClonedChild> cloneChild(unsigned long flags, int cgroupFd) {
    int pidFd = -1;
    clone_args args{};
    args.flags = flags | CLONE_PIDFD;
    args.pidfd = uint64_t(reinterpret_cast<uintptr_t>(&pidFd));
    args.exit_signal = SIGCHLD;
    if (cgroupFd >= 0) {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = uint64_t(cgroupFd);
    }
    long pid = ::syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0 && errno == ENOSYS && cgroupFd < 0) {
        pid = ::syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
        if (pid > 0) pidFd = int(::syscall(SYS_pidfd_open, pid, 0));
    }
    if (pid < 0) return Error::fromErrno(cgroupFd >= 0 ? "clone3 into cgroup" : "clone");
    if (pid == 0) return ClonedChild{};
    if (pidFd >= 0) ::fcntl(pidFd, F_SETFD, FD_CLOEXEC);
    return ClonedChild{pid_t(pid), pidFd};
}

Status setHostname(const char* hostname) {
    if (::sethostname(hostname, std::strlen(hostname)) < 0) return Error::fromErrno("sethostname");
    return {};
}

Status bringUpLoopback() {
    UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!sock) return Error::fromErrno("loopback: socket");
    ifreq req{};
    std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(sock.get(), SIOCGIFFLAGS, &req) < 0) return Error::fromErrno("loopback: get flags");
    req.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (::ioctl(sock.get(), SIOCSIFFLAGS, &req) < 0) return Error::fromErrno("loopback: set up");
    return {};
}

}  // namespace juxta::runtime
