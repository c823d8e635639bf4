#include "core/keeper.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "core/sealed_exe.h"

namespace juxta {
namespace {

#include "keeper_bytes.inc"  // kKeeperProgram: keeper/keeper_main.cpp's bytes

// In the forked keeper: only async-signal-safe calls (the owner may have had threads). It execs the
// keeper's program from programFd (a sealed memfd) with fd 3 and 4 as that program wants them; where
// that exec fails (no memfd, or a kernel that refuses to exec one), the fork keeps as it is.
[[noreturn]] void keep(int pidFd, int ownerEnd, int programFd) {
    for (int sig : {SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGPIPE}) ::signal(sig, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::prctl(PR_SET_NAME, "juxta-keeper", 0, 0, 0);
    // Only these fds: a held log, terminal, layer lock or cgroup would outlive the owner here.
    const int pidFdHigh = ::fcntl(pidFd, F_DUPFD, 10), ownerEndHigh = ::fcntl(ownerEnd, F_DUPFD, 10);
    const int programHigh = programFd >= 0 ? ::fcntl(programFd, F_DUPFD, 10) : -1;
    if (pidFdHigh < 0 || ownerEndHigh < 0 || ::dup2(pidFdHigh, 3) < 0 || ::dup2(ownerEndHigh, 4) < 0)
        ::_exit(1);
    const bool haveProgram = programHigh >= 0 && ::dup3(programHigh, 5, O_CLOEXEC) == 5;
    ::syscall(SYS_close_range, haveProgram ? 6 : 5, ~0U, 0);
    const int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
    if (null > (haveProgram ? 5 : 4)) ::close(null);
    if (haveProgram) {
        char name[] = "juxta-keeper";
        char* argv[] = {name, nullptr};
        char* envp[] = {nullptr};
        ::syscall(SYS_execveat, 5, "", argv, envp, AT_EMPTY_PATH);
        ::close(5);
    }
    pollfd fds[2] = {{3, POLLIN, 0}, {4, POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;  // cannot watch any more: err on the side of the host
        }
        if (fds[0].revents) ::_exit(0);  // the process ended by itself
        if (fds[1].revents) break;       // the owner is gone (or let go)
    }
    ::syscall(SYS_pidfd_send_signal, 3, SIGKILL, nullptr, 0);  // ESRCH once reaped: harmless
    ::_exit(0);
}

}  // namespace

Result<Keeper> Keeper::watch(int pidFd) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) return Error::fromErrno("keeper: pipe");
    UniqueFd keeperEnd(fds[0]);
    Keeper k;
    k.ownerEnd_.reset(fds[1]);
    // Without it the fork keeps as it is: the same watch, with a copy of the owner's memory.
    auto program = sealedMemfdOf("juxta-keeper", kKeeperProgram, sizeof kKeeperProgram);
    const pid_t pid = ::fork();
    if (pid < 0) return Error::fromErrno("keeper: fork");
    if (pid == 0) keep(pidFd, keeperEnd.get(), program ? program->get() : -1);
    k.pid_ = pid;
    return k;
}

void Keeper::release() {
    if (pid_ <= 0) return;
    ownerEnd_.reset();
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

}  // namespace juxta
