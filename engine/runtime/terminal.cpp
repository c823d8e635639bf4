#include "runtime/terminal.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/unique_fd.h"

namespace juxta::runtime {
namespace {

void copyWindowSize(int from, int to) {
    winsize ws{};
    if (::ioctl(from, TIOCGWINSZ, &ws) == 0) ::ioctl(to, TIOCSWINSZ, &ws);
}

bool writeAll(int fd, const char* data, ssize_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, data, std::size_t(n));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        data += w;
        n -= w;
    }
    return true;
}

}  // namespace

RawMode::RawMode(int fd) : fd_(fd) {
    if (::tcgetattr(fd, &saved_) < 0) return;
    termios raw = saved_;
    ::cfmakeraw(&raw);
    active_ = ::tcsetattr(fd, TCSANOW, &raw) == 0;
}

RawMode::~RawMode() {
    if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
}

Result<int> openControllingPty() {
    UniqueFd master(::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master) return Error::fromErrno("open /dev/ptmx");
    if (::unlockpt(master.get()) < 0) return Error::fromErrno("unlock pty");
    // TIOCGPTPEER opens the peer through the master, not by a path someone could swap.
    UniqueFd peer(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY));
    if (!peer) return Error::fromErrno("open pty peer");
    if (::setsid() < 0) return Error::fromErrno("setsid");
    if (::ioctl(peer.get(), TIOCSCTTY, 0) < 0) return Error::fromErrno("set controlling terminal");
    for (int target = 0; target < 3; ++target)
        if (::dup2(peer.get(), target) < 0) return Error::fromErrno("attach the pty to stdio");
    return master.release();
}

Result<int> openContainerConsole() {
    auto master = openControllingPty();
    if (!master) return master;
    UniqueFd owned(*master);
    UniqueFd console(::open("/dev/console", O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
    if (!console) return Error::fromErrno("create /dev/console");
    if (::mount("/proc/self/fd/0", "/dev/console", nullptr, MS_BIND, nullptr) < 0)  // 0 is the peer
        return Error::fromErrno("bind the pty on /dev/console");
    return owned.release();
}

Status relayTerminal(int masterFd, int stopFd) {
    const bool interactive = ::isatty(STDIN_FILENO);
    RawMode raw(STDIN_FILENO);
    if (interactive) copyWindowSize(STDIN_FILENO, masterFd);
    sigset_t winch;
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    sigset_t oldMask;
    ::sigprocmask(SIG_BLOCK, &winch, &oldMask);
    UniqueFd sigFd(::signalfd(-1, &winch, SFD_CLOEXEC));
    bool stdinOpen = true;
    char buf[16384];
    Status result;
    for (;;) {
        pollfd fds[4] = {{masterFd, POLLIN, 0},
                         {stdinOpen ? STDIN_FILENO : -1, POLLIN, 0},
                         {sigFd.get(), POLLIN, 0},
                         {stopFd, POLLIN, 0}};
        if (::poll(fds, 4, -1) < 0) {
            if (errno == EINTR) continue;
            result = Error::fromErrno("poll the console");
            break;
        }
        if (fds[0].revents & POLLIN) {
            ssize_t n = ::read(masterFd, buf, sizeof buf);
            if (n > 0 && !writeAll(STDOUT_FILENO, buf, n)) break;
            if (n <= 0 && errno != EINTR && errno != EAGAIN) break;  // EIO: every peer is closed
            continue;
        }
        if (fds[0].revents & (POLLHUP | POLLERR)) break;
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n > 0)
                writeAll(masterFd, buf, n);
            else if (n == 0)
                stdinOpen = false;
        }
        if (fds[2].revents & POLLIN) {
            signalfd_siginfo info{};
            if (::read(sigFd.get(), &info, sizeof info) > 0 && interactive)
                copyWindowSize(STDIN_FILENO, masterFd);
        }
        if (fds[3].revents & POLLIN) {
            // The workload exited; drain what it wrote last.
            for (;;) {
                pollfd m{masterFd, POLLIN, 0};
                if (::poll(&m, 1, 0) <= 0 || !(m.revents & POLLIN)) break;
                ssize_t n = ::read(masterFd, buf, sizeof buf);
                if (n <= 0 || !writeAll(STDOUT_FILENO, buf, n)) break;
            }
            break;
        }
    }
    ::sigprocmask(SIG_SETMASK, &oldMask, nullptr);
    return result;
}

}  // namespace juxta::runtime
