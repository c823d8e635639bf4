#include "runtime/lifecycle/monitor.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/console/server.h"
#include "core/paths.h"
#include "core/unique_fd.h"
#include "runtime/container.h"
#include "runtime/lifecycle/state.h"

extern "C" char** environ;

namespace juxta::runtime {
namespace {

// Reports to the starter: "ok <pid>" or "error <errno> <message>".
void report(int fd, const std::string& line) {
    if (fd >= 0) {
        (void)!::write(fd, line.data(), line.size());
        ::close(fd);
    }
}

}  // namespace

void runMonitor(const InstanceDefinition& d, int reportFd) {
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
    // A container with a terminal serves its console (core/console/server.h) from before the start is
    // reported until it ends; one without has no console socket (its stdin is /dev/null).
    std::unique_ptr<console::ConsoleServer> console;
    if (c.ptyMaster() >= 0) {
        auto server = console::ConsoleServer::listen(consoleSocketOf(id), c.ptyMaster());
        if (!server) {
            report(reportFd,
                   "error " + std::to_string(server.error().code()) + " " + server.error().message());
            ::_exit(1);
        }
        console = std::move(*server);
    }
    if (auto st = saveState(id, state); !st) {
        console.reset();
        report(reportFd, "error " + std::to_string(st.error().code()) + " " + st.error().message());
        ::_exit(1);  // the Container's destructor kills and cleans up
    }
    report(reportFd, "ok " + std::to_string(c.pid()));

    if (console) console::pumpUntilExit(c.ptyMaster(), c.pidFd(), log.get(), *console);
    auto exit = c.wait();
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
    if (const char* env = std::getenv("JUXTA_MONITOR"); env && *env) return env;
    std::error_code ec;
    const auto beside = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() / "juxta-monitor";
    if (!ec && ::access(beside.c_str(), X_OK) == 0) return beside;  // build/bin, or the install's bin/
    return JUXTA_MONITOR_INSTALLED;
}

Result<pid_t> spawnMonitor(const InstanceDefinition& definition) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) return Error::fromErrno("start monitor: pipe");
    UniqueFd readEnd(fds[0]), writeEnd(fds[1]);
    // posix_spawn (vfork + exec underneath) is safe from a multi-threaded caller such as the GUI;
    // the report pipe becomes the monitor's fd 3.
    const std::string program = monitorExecutable().string();
    const std::string& id = definition.spec.id;
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(id.c_str()), const_cast<char*>("3"),
                    nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), 3);
    pid_t launcher = 0;
    const int rc = posix_spawn(&launcher, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    writeEnd.reset();
    if (rc != 0) return Error::fromErrno("start monitor " + program, rc);
    int status = 0;  // the launcher forks the monitor off and exits at once
    while (::waitpid(launcher, &status, 0) < 0 && errno == EINTR) {
    }
    std::string line;
    char buf[1024];
    for (ssize_t n; (n = ::read(readEnd.get(), buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        line.append(buf, std::size_t(n));
    }
    if (line.rfind("ok ", 0) == 0) return loadState(id).monitorPid;
    if (line.rfind("error ", 0) == 0) {
        char* end = nullptr;
        const long code = std::strtol(line.c_str() + 6, &end, 10);
        return Error(int(code), std::string(end && *end == ' ' ? end + 1 : end));
    }
    return Error(ECHILD, "the monitor of container " + id + " (" + program + ") died before it started it");
}

}  // namespace juxta::runtime
