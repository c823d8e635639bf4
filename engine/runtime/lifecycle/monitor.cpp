#include "runtime/lifecycle/monitor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/paths.h"
#include "runtime/container.h"
#include "runtime/lifecycle/state.h"
#include "runtime/unique_fd.h"

namespace juxta::runtime {
namespace {

// Reports to the starter: "ok <pid>" or "error <errno> <message>".
void report(int fd, const std::string& line) {
    if (fd >= 0) {
        (void)!::write(fd, line.data(), line.size());
        ::close(fd);
    }
}

// Copies what the workload writes on its pty to the log until the workload exits.
void pumpConsole(int master, int pidFd, int log) {
    char buf[8192];
    for (;;) {
        pollfd fds[2] = {{master, POLLIN, 0}, {pidFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
        if (fds[0].revents & POLLIN) {
            ssize_t n = ::read(master, buf, sizeof buf);
            if (n > 0) (void)!::write(log, buf, std::size_t(n));
            continue;
        }
        if (fds[1].revents || (fds[0].revents & (POLLHUP | POLLERR))) return;
    }
}

[[noreturn]] void runMonitor(const InstanceDefinition& d, int reportFd) {
    ::setsid();
    for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGPIPE}) ::signal(sig, SIG_IGN);
    // Keep nothing of the starter's: its terminal, pipes or sockets would stay open for as long
    // as the container runs.
    if (reportFd != 3) {
        ::dup3(reportFd, 3, O_CLOEXEC);
        reportFd = 3;
    }
    ::syscall(SYS_close_range, 4, ~0U, 0);
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    for (int fd = 0; fd < 3; ++fd) ::dup2(null.get(), fd);
    const std::string id = d.spec.id;
    auto logDir = paths::ensureDir(logFileOf(id).parent_path());
    UniqueFd log(logDir ? ::open(logFileOf(id).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)
                        : -1);
    if (!log) {
        report(reportFd, "error " + std::to_string(errno) + " open log " + logFileOf(id).string());
        ::_exit(1);
    }
    StartOptions options;
    options.stdinFd = null.get();
    options.stdoutFd = options.stderrFd = log.get();
    auto started = Container::start(d.spec, options);
    if (!started) {
        report(reportFd, "error " + std::to_string(started.error().code()) + " " + started.error().message());
        ::_exit(1);
    }
    Container& c = **started;
    InstanceState state;
    state.state = RunState::Running;
    state.monitorPid = ::getpid();
    state.pid = c.pid();
    state.cgroupRoot = options.cgroupRoot;
    state.startedAtMs = wallClockMs();
    state.timelineJson = c.timeline().toJson();
    if (auto st = saveState(id, state); !st) {
        report(reportFd, "error " + std::to_string(st.error().code()) + " " + st.error().message());
        ::_exit(1);  // the Container's destructor kills and cleans up
    }
    report(reportFd, "ok " + std::to_string(c.pid()));

    if (c.ptyMaster() >= 0) pumpConsole(c.ptyMaster(), c.pidFd(), log.get());
    auto exit = c.wait();
    (void)c.cleanup();
    std::error_code ec;
    std::filesystem::remove(stateDirOf(id) / "paused", ec);
    state.state = RunState::Exited;
    state.finishedAtMs = wallClockMs();
    if (exit) state.exit = *exit;
    (void)saveState(id, state);
    ::_exit(0);
}

}  // namespace

Result<pid_t> spawnMonitor(const InstanceDefinition& definition) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) return Error::fromErrno("start monitor: pipe");
    UniqueFd readEnd(fds[0]), writeEnd(fds[1]);
    const pid_t first = ::fork();
    if (first < 0) return Error::fromErrno("start monitor: fork");
    if (first == 0) {
        // Fork again so the monitor is nobody's child here: it is reparented to init (or a
        // subreaper) and outlives the starter.
        readEnd.reset();
        const pid_t monitor = ::fork();
        if (monitor == 0) runMonitor(definition, writeEnd.release());
        ::_exit(monitor < 0 ? 1 : 0);
    }
    writeEnd.reset();
    int status = 0;
    while (::waitpid(first, &status, 0) < 0 && errno == EINTR) {
    }
    std::string line;
    char buf[1024];
    for (ssize_t n; (n = ::read(readEnd.get(), buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        line.append(buf, std::size_t(n));
    }
    if (line.rfind("ok ", 0) == 0) {
        InstanceState state = loadState(definition.spec.id);
        return state.monitorPid;
    }
    if (line.rfind("error ", 0) == 0) {
        char* end = nullptr;
        const long code = std::strtol(line.c_str() + 6, &end, 10);
        return Error(int(code), std::string(end && *end == ' ' ? end + 1 : end));
    }
    return Error(ECHILD, "the monitor of container " + definition.spec.id + " died before it started it");
}

}  // namespace juxta::runtime
