#include "runtime/lifecycle/monitor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
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
#include "instances/restart.h"
#include "metrics/recorder.h"
#include "runtime/container.h"
#include "runtime/lifecycle/counters.h"
#include "runtime/lifecycle/health.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/shared_recorder.h"
#include "runtime/lifecycle/state.h"
#include "runtime/lifecycle/volumes.h"

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

// One output of the container: a pipe it writes into, copied to the log and, in a run attached to
// its starter, to the starter's pipe for it (else -1).
struct Stream {
    int from;
    int alsoTo;
    std::string pending;  // what the starter's pipe has not taken yet
    bool open = true;
};

// Copies the container's output to the log and to the starter until the pipes end or the container's
// init has exited (then what is already in them, without waiting for a writer that may linger). A
// full disk stops the log, a starter gone stops its copy, never the container. The starter's pipes
// are written without blocking: while one holds 1 MiB it has not taken, that output is not read
// (the container waits, as on a full pipe) — but the init's end is always seen, and once it has
// ended the starter has 5 s to take the rest, so a starter stopped or stuck never keeps the exit
// from being recorded.
void copyOutputUntilExit(std::vector<Stream> streams, int pidFd, int log) {
    constexpr std::size_t kMaxPending = std::size_t(1) << 20;
    constexpr auto kLastTake = std::chrono::seconds(5);
    char buf[65536];
    bool logging = true, exited = false;
    std::chrono::steady_clock::time_point deadline{};
    for (Stream& s : streams)
        if (s.alsoTo >= 0) ::fcntl(s.alsoTo, F_SETFL, O_NONBLOCK);  // the starter's own pipe: ours to set
    const auto flush = [](Stream& s) {
        while (s.alsoTo >= 0 && !s.pending.empty()) {
            const ssize_t n = ::write(s.alsoTo, s.pending.data(), s.pending.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) return;
            if (n <= 0) {  // EPIPE: the starter is gone
                s.alsoTo = -1;
                s.pending.clear();
                return;
            }
            s.pending.erase(0, std::size_t(n));
        }
    };
    std::vector<pollfd> fds;
    for (;;) {
        bool reading = false, owing = false, readable = false;
        fds.clear();
        for (const Stream& s : streams) {
            const bool room = s.alsoTo < 0 || s.pending.size() < kMaxPending;
            reading = reading || s.open;
            readable = readable || (s.open && room);
            owing = owing || (s.alsoTo >= 0 && !s.pending.empty());
            fds.push_back({s.open && room && !exited ? s.from : -1, POLLIN, 0});
            fds.push_back({s.alsoTo >= 0 && !s.pending.empty() ? s.alsoTo : -1, POLLOUT, 0});
        }
        if (!reading && !owing) return;
        fds.push_back({exited ? -1 : pidFd, POLLIN, 0});
        int timeout = -1;
        if (exited) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return;               // the starter did not take the rest
            timeout = readable ? 0 : int(left.count());  // drain what has room, else wait for the starter
        }
        if (::poll(fds.data(), fds.size(), timeout) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds.back().revents) {
            exited = true;
            deadline = std::chrono::steady_clock::now() + kLastTake;
            for (const Stream& s : streams) ::fcntl(s.from, F_SETFL, O_NONBLOCK);
        }
        for (std::size_t i = 0; i < streams.size(); ++i) {
            Stream& s = streams[i];
            if (fds[2 * i + 1].revents) flush(s);
            const bool room = s.alsoTo < 0 || s.pending.size() < kMaxPending;
            if (!s.open || !room || (!exited && !fds[2 * i].revents)) continue;
            const ssize_t n = ::read(s.from, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {  // its end, or drained after the exit
                s.open = false;
                continue;
            }
            if (logging) logging = writeAll(log, buf, std::size_t(n));
            if (s.alsoTo >= 0) {
                s.pending.append(buf, std::size_t(n));
                flush(s);
            }
        }
    }
}

// In an attached monitor: the starter's fds (spawnAttachedMonitor).
constexpr int kStarterStdin = 4, kStarterStdout = 5, kStarterStderr = 6, kStarterExit = 7;

}  // namespace

void runMonitor(const InstanceDefinition& d, int reportFd, const std::optional<PhaseTimeline>& attached) {
    StartOptions options;
    if (attached) {
        options.timeline = *attached;
        options.timeline.mark("monitor_started");
    }
    detached::detachFromStarter(reportFd, attached ? 4 : 0);
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
    // Attached: the starter's stdin is the workload's (without a terminal); else /dev/null.
    options.stdinFd = attached && !d.spec.terminal ? kStarterStdin : STDIN_FILENO;
    if (attached && d.spec.terminal)
        for (int fd : {kStarterStdin, kStarterStdout, kStarterStderr}) ::close(fd);  // the console has it
    UniqueFd outputRead, outputWrite, errorRead, errorWrite;
    auto pipeOrFail = [&](UniqueFd& readEnd, UniqueFd& writeEnd) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0) {
            detached::reportError(reportFd, Error::fromErrno("container output: pipe"));
            ::_exit(1);
        }
        readEnd.reset(fds[0]);
        writeEnd.reset(fds[1]);
    };
    if (!d.spec.terminal) {
        pipeOrFail(outputRead, outputWrite);
        options.stdoutFd = options.stderrFd = outputWrite.get();
        if (attached) {  // stdout and stderr apart, as the starter's are
            pipeOrFail(errorRead, errorWrite);
            options.stderrFd = errorWrite.get();
        }
    }
    // `volume rm` of one of its volumes waits for its end.
    std::vector<UniqueFd> heldVolumes = holdVolumes(d.spec.mounts);
    auto started = Container::start(d.spec, options);
    if (!started) {
        detached::reportError(reportFd, started.error());
        ::_exit(1);
    }
    // The container holds the only write ends now: its end is the pipes'.
    outputWrite.reset();
    errorWrite.reset();
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
    if (console)
        console::pumpUntilExit(c.ptyMaster(), c.pidFd(), log.get(), *console,
                               attached ? std::chrono::seconds(10) : std::chrono::seconds(0));
    if (outputRead) {
        std::vector<Stream> streams = {{outputRead.get(), attached ? kStarterStdout : -1, {}, true}};
        if (errorRead) streams.push_back({errorRead.get(), kStarterStderr, {}, true});
        copyOutputUntilExit(std::move(streams), c.pidFd(), log.get());
    }
    health.reset();
    shared.reset();
    own.reset();
    auto exit = c.wait();
    if (auto stats = c.stats(); stats) state.finalStats = *stats;  // before cleanup removes the cgroup
    (void)c.cleanup();
    heldVolumes.clear();
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
    // --rm: gone when it ends — before an attached starter hears of the end, as `docker run --rm`
    // returns once it is removed.
    if (d.ephemeral) (void)instances::remove(containers(), id, false);
    // Its restart policy (instances/restart.h): detached, an end it was not asked for starts it
    // again — a new monitor — after the back-off.
    if (!attached && !d.ephemeral)
        if (auto policy = instances::parseRestartPolicy(d.restart); policy)
            (void)instances::restartAfterEnd(
                containers(), id, *policy, state.exit.value_or(ExitStatus{.code = 255}).shellCode(),
                std::chrono::milliseconds(state.finishedAtMs - state.startedAtMs));
    if (attached) {
        const ExitStatus e = state.exit.value_or(ExitStatus{.code = 255});
        const std::string last = "exit " + std::to_string(e.code) + " " + std::to_string(e.signal) + " " +
                                 (e.oomKilled ? "1" : "0") + "\n" + state.timelineJson;
        (void)writeAll(kStarterExit, last.data(), last.size());  // a starter gone: EPIPE, ignored
    }
    ::_exit(0);
}

std::filesystem::path monitorExecutable() {
    return detached::helperExecutable("juxta-monitor", "JUXTA_MONITOR", JUXTA_MONITOR_INSTALLED);
}

Result<UniqueFd> spawnAttachedMonitor(const InstanceDefinition& definition, const PhaseTimeline& timeline,
                                      int stdinFd, int stdoutFd, int stderrFd) {
    const std::string& id = definition.spec.id;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) return Error::fromErrno("start container " + id + ": pipe");
    UniqueFd readEnd(fds[0]), writeEnd(fds[1]);
    const detached::Attach attach{.fds = {stdinFd, stdoutFd, stderrFd, writeEnd.get()},
                                  .args = {"--attached", timeline.toJson()}};
    auto reported = detached::spawnMonitor(monitorExecutable(), id, "the monitor of container " + id,
                                           detached::kReportTimeout, attach);
    if (!reported) return reported.error();
    return readEnd;
}

Result<AttachedExit> parseAttachedExit(const std::string& text, const std::string& name) {
    AttachedExit result;
    int oom = 0, used = 0;
    if (std::sscanf(text.c_str(), "exit %d %d %d\n%n", &result.exit.code, &result.exit.signal, &oom, &used) !=
            3 ||
        used == 0)
        return Error(ECHILD,
                     "the monitor of container " + name +
                         " ended without saying how the container did (killed?) — see `juxtactl ps -a`");
    result.exit.oomKilled = oom != 0;
    result.timelineJson = text.substr(std::size_t(used));
    return result;
}

Result<pid_t> spawnMonitor(const InstanceDefinition& definition) {
    const std::string& id = definition.spec.id;
    auto reported = detached::spawnMonitor(monitorExecutable(), id, "the monitor of container " + id);
    if (!reported) return reported.error();
    return loadState(id).monitorPid;
}

}  // namespace juxta::runtime
