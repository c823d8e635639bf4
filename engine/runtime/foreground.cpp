#include "runtime/foreground.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/terminal.h"

namespace juxta::runtime {
namespace {

// Blocks the forwarded signals for the lifetime of the object and reads them from a signalfd.
class ForwardedSignals {
  public:
    ForwardedSignals() {
        sigemptyset(&set_);
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set_, sig);
        ::sigprocmask(SIG_BLOCK, &set_, &old_);
        fd_.reset(::signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK));
    }
    ~ForwardedSignals() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
    int fd() const { return fd_.get(); }
    int next() {
        signalfd_siginfo info{};
        return ::read(fd_.get(), &info, sizeof info) == ssize_t(sizeof info) ? int(info.ssi_signo) : 0;
    }

  private:
    sigset_t set_{}, old_{};
    UniqueFd fd_;
};

Status waitForwarding(Container& c, ForwardedSignals& signals) {
    int forwarded = 0;
    for (;;) {
        pollfd fds[2] = {{c.pidFd(), POLLIN, 0}, {signals.fd(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return Error::fromErrno("wait for the container");
        }
        if (fds[0].revents) return {};
        if (int sig = signals.next()) (void)c.kill(forwarded++ ? SIGKILL : sig);
    }
}

}  // namespace

Result<ForegroundRun> runForeground(const ContainerSpec& spec, const StartOptions& options) {
    ForwardedSignals signals;
    auto started = Container::start(spec, options);
    if (!started) return started.error();
    Container& c = **started;
    if (c.ptyMaster() >= 0) {
        if (auto st = relayTerminal(c.ptyMaster(), c.pidFd()); !st) return st.error();
    } else if (auto st = waitForwarding(c, signals); !st) {
        return st.error();
    }
    auto exit = c.wait();
    if (!exit) return exit.error();
    ForegroundRun run{*exit, c.timeline()};
    if (auto st = c.cleanup(); !st) return st.error().wrap("clean up container " + spec.id);
    return run;
}

}  // namespace juxta::runtime
