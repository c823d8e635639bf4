#include "runtime/lifecycle/monitor.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/console/server.h"
#include "core/detached.h"
#include "core/paths.h"
#include "core/unique_fd.h"
#include "runtime/container.h"
#include "runtime/lifecycle/state.h"

namespace juxta::runtime {
void runMonitor(const InstanceDefinition& d, int reportFd) {
    detached::detachFromStarter(reportFd);
    const std::string id = d.spec.id;
    auto logDir = paths::ensureDir(logFileOf(id).parent_path());
    UniqueFd log(logDir ? ::open(logFileOf(id).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)
                        : -1);
    if (!log) {
        detached::reportError(reportFd, Error::fromErrno("open log " + logFileOf(id).string()));
        ::_exit(1);
    }
    StartOptions options;
    options.stdinFd = STDIN_FILENO;  // /dev/null
    options.stdoutFd = options.stderrFd = log.get();
    auto started = Container::start(d.spec, options);
    if (!started) {
        detached::reportError(reportFd, started.error());
        ::_exit(1);
    }
    Container& c = **started;
    InstanceState state;
    state.state = RunState::Running;
    state.monitorPid = ::getpid();
    state.pid = c.pid();
    state.cgroupRoot = c.hasCgroup() ? options.cgroupRoot : std::filesystem::path();
    state.startedAtMs = wallClockMs();
    state.timelineJson = c.timeline().toJson();
    state.address = c.address();
    state.userNamespace = c.userNamespace();
    // A container with a terminal serves its console (core/console/server.h) from before the start is
    // reported until it ends; one without has no console socket (its stdin is /dev/null).
    std::unique_ptr<console::ConsoleServer> console;
    if (c.ptyMaster() >= 0) {
        auto server = console::ConsoleServer::listen(consoleSocketOf(id), c.ptyMaster());
        if (!server) {
            detached::reportError(reportFd, server.error());
            ::_exit(1);
        }
        console = std::move(*server);
    }
    if (auto st = saveState(id, state); !st) {
        console.reset();
        detached::reportError(reportFd, st.error());
        ::_exit(1);  // the Container's destructor kills and cleans up
    }
    detached::report(reportFd, "ok " + std::to_string(c.pid()));

    if (console) console::pumpUntilExit(c.ptyMaster(), c.pidFd(), log.get(), *console);
    auto exit = c.wait();
    if (auto stats = c.stats(); stats) state.finalStats = *stats;  // before cleanup removes the cgroup
    (void)c.cleanup();
    std::error_code ec;
    std::filesystem::remove(stateDirOf(id) / "paused", ec);
    state.state = RunState::Exited;
    state.finishedAtMs = wallClockMs();
    if (exit) state.exit = *exit;
    (void)saveState(id, state);
    console.reset();  // clients see EOF once the exit is on record; the socket goes with the container
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
