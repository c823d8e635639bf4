// juxtactl console CONTAINER: this terminal attached to a detached container's console — the
// monitor's console socket (engine/instances/console/protocol.h) — until the container
// ends (exit 0) or Ctrl-] detaches (exit 0). With a terminal on stdin it is put in raw mode and
// restored on every way out, signals included (they arrive through a signalfd, so no handler
// runs mid-write); the window size goes along at start and on SIGWINCH. Without one, stdin is
// typed as it comes (`echo ls | juxtactl console web`) and the output relayed until the end.
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "instances/console/protocol.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/terminal.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::cli {
namespace {
using juxta::UniqueFd;

constexpr char kDetachKey = 0x1d;  // Ctrl-]

// Blocks the signals the relay handles and reads them from a signalfd; unblocks on destruction.
class SignalFd {
  public:
    SignalFd() {
        sigset_t set;
        sigemptyset(&set);
        for (int sig : {SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
        ::sigprocmask(SIG_BLOCK, &set, &saved_);
        fd_.reset(::signalfd(-1, &set, SFD_CLOEXEC));
    }
    ~SignalFd() { ::sigprocmask(SIG_SETMASK, &saved_, nullptr); }
    SignalFd(const SignalFd&) = delete;
    SignalFd& operator=(const SignalFd&) = delete;
    int get() const { return fd_.get(); }

  private:
    UniqueFd fd_;
    sigset_t saved_{};
};

bool writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t w = ::write(fd, bytes.data(), bytes.size());  // SIGPIPE is ignored: EPIPE
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        bytes.remove_prefix(std::size_t(w));
    }
    return true;
}

void sendWindowSize(int sock) {
    const int tty = ::isatty(STDIN_FILENO) ? STDIN_FILENO : ::isatty(STDOUT_FILENO) ? STDOUT_FILENO : -1;
    winsize ws{};
    if (tty >= 0 && ::ioctl(tty, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
        (void)writeAll(sock, console::encodeResize(ws.ws_row, ws.ws_col));
}

using Ending = ConsoleRelayed::Ending;
using Relayed = ConsoleRelayed;

Result<Relayed> relay(int sock, bool interactive) {
    SignalFd signals;
    if (signals.get() < 0) return Error::fromErrno("signalfd");
    sendWindowSize(sock);
    bool stdinOpen = true;
    char buf[16384];
    for (;;) {
        pollfd fds[3] = {
            {sock, POLLIN, 0}, {stdinOpen ? STDIN_FILENO : -1, POLLIN, 0}, {signals.get(), POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            return Error::fromErrno("poll");
        }
        if (fds[0].revents) {
            const ssize_t n = ::read(sock, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return Relayed{Ending::ContainerEnded};  // the monitor closed it: the end
            if (!writeAll(STDOUT_FILENO, {buf, std::size_t(n)})) return Relayed{Ending::Detached};
        }
        if (fds[1].revents) {
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                stdinOpen = false;  // keep showing the output until the container ends
            } else {
                std::string_view typed(buf, std::size_t(n));
                const auto detach = interactive ? typed.find(kDetachKey) : std::string_view::npos;
                if (!writeAll(sock, console::encodeData(typed.substr(0, detach))))
                    return Relayed{Ending::ContainerEnded};
                if (detach != std::string_view::npos) return Relayed{Ending::Detached};
            }
        }
        if (fds[2].revents) {
            signalfd_siginfo info{};
            if (::read(signals.get(), &info, sizeof info) != sizeof info) continue;
            if (int(info.ssi_signo) == SIGWINCH)
                sendWindowSize(sock);
            else
                return Relayed{Ending::Signalled, int(info.ssi_signo)};
        }
    }
}

// This terminal on a console socket until the instance ends or the user detaches.
int attach(const std::filesystem::path& socket, const std::string& name, const std::string& notRunning) {
    auto sock = console::connectSocket(socket);
    if (!sock) {
        const int code = sock.error().code();
        return fail(code == ENOENT || code == ECONNREFUSED
                        ? notRunning
                        : "console of " + name + ": " + sock.error().message());
    }
    std::fprintf(stderr, "attached to %s — Ctrl-] to detach\n", name.c_str());
    auto relayed = relayConsole(sock->get());
    if (!relayed) return fail("console of " + name + ": " + relayed.error().message());
    if (relayed->ending == Ending::Detached) std::fprintf(stderr, "\ndetached from %s\n", name.c_str());
    if (relayed->ending == Ending::Signalled) return 128 + relayed->signal;
    return 0;
}

}  // namespace

Result<ConsoleRelayed> relayConsole(int socket) {
    const bool interactive = ::isatty(STDIN_FILENO);
    ::signal(SIGPIPE, SIG_IGN);          // a closed stdout or socket ends the relay, not the process
    runtime::RawMode raw(STDIN_FILENO);  // restored before anything else is printed
    return relay(socket, interactive);
}

int cmdConsole(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "console");
    if (args->positionals().size() != 1) return usageError("give one CONTAINER", "console");
    const std::string& name = args->positionals()[0];
    if (auto vm = vmOnly(name)) {  // a VM's serial console
        const auto state = vmm::loadVmState(*vm).state;
        if (state != InstanceState::Running && state != InstanceState::Paused)
            return fail(name + " is not running — `juxtactl vm start " + name + "` starts it");
        return attach(vmm::vmConsoleSocketOf(*vm), name, name + " is not running");
    }
    auto id = runtime::resolveInstance(name);
    if (!id) return fail(id.error().message());
    auto status = runtime::instanceStatus(*id);
    if (!status) return fail(status.error().message());
    if (!status->definition.spec.terminal) return fail(name + " has no console: it was created without -t");
    const auto state = status->state.state;
    const std::string notRunning = name + " is not running — `juxtactl start " + name + "` starts it";
    if (state != InstanceState::Running && state != InstanceState::Paused) return fail(notRunning);
    return attach(runtime::consoleSocketOf(*id), name, notRunning);
}

}  // namespace juxta::cli
