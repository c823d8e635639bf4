#include "runtime/lifecycle/monitor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/paths.h"
#include "core/unique_fd.h"
#include "instances/console/server.h"
#include "instances/detached.h"
#include "instances/history.h"
#include "metrics/recorder.h"
#include "runtime/container.h"
#include "runtime/lifecycle/counters.h"
#include "runtime/lifecycle/health.h"
#include "runtime/lifecycle/shared_recorder.h"
#include "runtime/lifecycle/state.h"

namespace juxta::runtime {
namespace {

bool writeAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

// Copies the container's output to the log until the pipe ends or the container's init has exited
// (then what is already in the pipe, without waiting for a writer that may linger).
void copyOutputUntilExit(int output, int pidFd, int log) {
    char buf[65536];
    pollfd fds[2] = {{output, POLLIN, 0}, {pidFd, POLLIN, 0}};
    bool logging = true;  // a full disk stops the log, never the container (its pipe is drained)
    for (bool exited = false;;) {
        if (!exited && ::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (!exited && fds[1].revents) {
            exited = true;
            ::fcntl(output, F_SETFL, O_NONBLOCK);
        }
        const ssize_t n = ::read(output, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the end, or drained after the exit
        if (logging) logging = writeAll(log, buf, std::size_t(n));
    }
}

}  // namespace

void runMonitor(const InstanceDefinition& d, int reportFd) {
    detached::detachFromStarter(reportFd);
    const std::string id = d.spec.id;
    auto opened = instances::openLog(InstanceKind::Container, id);
    if (!opened) {
        detached::reportError(reportFd, opened.error());
        ::_exit(1);
    }
    UniqueFd log = std::move(*opened);
    // The container writes into a pipe, never into the log file itself (through /proc/self/fd/1
    // it could chmod, chown or truncate that); the monitor copies what comes. With a terminal, the
    // pty takes its place.
    StartOptions options;
    options.stdinFd = STDIN_FILENO;  // /dev/null
    UniqueFd outputRead, outputWrite;
    if (!d.spec.terminal) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0) {
            detached::reportError(reportFd, Error::fromErrno("container output: pipe"));
            ::_exit(1);
        }
        outputRead.reset(fds[0]);
        outputWrite.reset(fds[1]);
        options.stdoutFd = options.stderrFd = outputWrite.get();
    }
    auto started = Container::start(d.spec, options);
    if (!started) {
        detached::reportError(reportFd, started.error());
        ::_exit(1);
    }
    outputWrite.reset();  // the container holds the only write ends now: its end is the pipe's
    Container& c = **started;
    auto failAfterStart = [&](const Error& error) {
        (void)c.cleanup();  // _exit runs no destructor
        detached::reportError(reportFd, error);
        ::_exit(1);
    };
    ContainerState state;
    state.state = InstanceState::Running;
    state.monitorPid = ::getpid();
    state.pid = c.pid();
    state.cgroupRoot = c.hasCgroup() ? options.cgroupRoot : std::filesystem::path();
    state.startedAtMs = instances::wallClockMs();
    state.timelineJson = c.timeline().toJson();
    state.address = c.address();
    state.userNamespace = c.userNamespace();
    // A container with a terminal serves its console (instances/console/server.h) from before the start is
    // reported until it ends; one without has no console socket (its stdin is /dev/null).
    std::unique_ptr<console::ConsoleServer> console;
    if (c.ptyMaster() >= 0) {
        if (auto st = c.record().noteSocket(consoleSocketOf(id)); !st) failAfterStart(st.error());
        auto server = console::ConsoleServer::listen(consoleSocketOf(id), c.ptyMaster());
        if (!server) failAfterStart(server.error());
        console = std::move(*server);
    }
    if (auto st = saveState(id, state); !st) {
        console.reset();
        failAfterStart(st.error());
    }
    detached::report(reportFd, "ok " + std::to_string(c.pid()));

    // Its resource history, recorded while it runs (instances/history.h): with a cgroup, by whichever
    // container monitor holds the recorder's lock (shared_recorder.h; this one waits for it, asleep);
    // without one (rootless), from its processes, by a thread of this monitor.
    std::unique_ptr<SharedRecorder> shared;
    std::unique_ptr<metrics::Recorder> own;
    if (c.hasCgroup()) {
        std::error_code ec;
        std::filesystem::remove(instances::historyErrorFileOf(InstanceKind::Container, id),
                                ec);  // an earlier run's
        shared = std::make_unique<SharedRecorder>();
    } else {
        own = std::make_unique<metrics::Recorder>(
            instances::historyFileOf(InstanceKind::Container, id),
            instances::historyErrorFileOf(InstanceKind::Container, id),
            [&c, limits = d.spec.limits](int64_t nowMs) -> Result<ResourceCounters> {
                auto stats = c.stats();
                if (!stats) return stats.error();
                return containerCounters(*stats, limits, nowMs);
            });
    }
    // Its health check, every interval while it runs (health.h); the last run's result is gone.
    clearHealth(id);
    std::unique_ptr<HealthChecker> health;
    if (d.health) health = std::make_unique<HealthChecker>(id, *d.health, state.startedAtMs);
    if (console) console::pumpUntilExit(c.ptyMaster(), c.pidFd(), log.get(), *console);
    if (outputRead) copyOutputUntilExit(outputRead.get(), c.pidFd(), log.get());
    health.reset();
    shared.reset();
    own.reset();
    auto exit = c.wait();
    if (auto stats = c.stats(); stats) state.finalStats = *stats;  // before cleanup removes the cgroup
    (void)c.cleanup();
    std::error_code ec;
    std::filesystem::remove(stateDirOf(id) / "paused", ec);
    state.state = InstanceState::Exited;
    state.finishedAtMs = instances::wallClockMs();
    if (exit) state.exit = *exit;
    // The socket goes before the exit is on record (whoever waits for it finds none left); clients
    // already connected keep their connection and see EOF once the exit is on record.
    if (console) std::filesystem::remove(consoleSocketOf(id), ec);
    (void)saveState(id, state);
    console.reset();
    ::_exit(0);
}

std::filesystem::path monitorExecutable() {
    return detached::helperExecutable("juxta-monitor", "JUXTA_MONITOR", JUXTA_MONITOR_INSTALLED);
}

Result<pid_t> spawnMonitor(const InstanceDefinition& definition) {
    const std::string& id = definition.spec.id;
    auto reported = detached::spawnMonitor(monitorExecutable(), id, "the monitor of container " + id);
    if (!reported) return reported.error();
    return loadState(id).monitorPid;
}

}  // namespace juxta::runtime
