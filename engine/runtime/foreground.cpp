#include "runtime/foreground.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/terminal.h"

namespace juxta::runtime {
namespace {

Status waitForwarding(int pidFd, ForwardedSignals& signals, pid_t group) {
    int forwarded = 0;
    for (;;) {
        pollfd fds[2] = {{pidFd, POLLIN, 0}, {signals.fd(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return Error::fromErrno("wait for the container");
        }
        if (fds[0].revents) return {};
        if (int sig = signals.next()) {
            sig = forwarded++ ? SIGKILL : sig;
            // The group is the leader's own while it lives unreaped (its pid is not reused before).
            if (group <= 0 || ::kill(-group, sig) < 0)
                ::syscall(SYS_pidfd_send_signal, pidFd, sig, nullptr, 0);
        }
    }
}

}  // namespace

ForwardedSignals::ForwardedSignals() {
    sigemptyset(&set_);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set_, sig);
    ::sigprocmask(SIG_BLOCK, &set_, &old_);
    fd_.reset(::signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK));
}

ForwardedSignals::~ForwardedSignals() {
    ::sigprocmask(SIG_SETMASK, &old_, nullptr);
}

int ForwardedSignals::next() {
    signalfd_siginfo info{};
    return ::read(fd_.get(), &info, sizeof info) == ssize_t(sizeof info) ? int(info.ssi_signo) : 0;
}

Status relayUntilExit(int pidFd, int ptyMaster, ForwardedSignals& signals, pid_t group) {
    if (ptyMaster >= 0) return relayTerminal(ptyMaster, pidFd);
    return waitForwarding(pidFd, signals, group);
}

Result<ForegroundRun> runForeground(const ContainerSpec& spec, const StartOptions& options) {
    ForwardedSignals signals;
    auto started = Container::start(spec, options);
    if (!started) return started.error();
    Container& c = **started;
    if (auto st = relayUntilExit(c.pidFd(), c.ptyMaster(), signals); !st) return st.error();
    auto exit = c.wait();
    if (!exit) return exit.error();
    ForegroundRun run{*exit, c.timeline()};
    if (auto st = c.cleanup(); !st) return st.error().wrap("clean up container " + spec.id);
    return run;
}

}  // namespace juxta::runtime
