#include "instances/detached.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "core/sealed_exe.h"
#include "core/unique_fd.h"

extern "C" char** environ;

namespace juxta::detached {
namespace {

// Waits until a process that is not our child has ended (its pidfd becomes readable), at most
// `limit`. Nothing to wait for when pid is 0 or already gone.
void waitForExit(pid_t pid, std::chrono::milliseconds limit) {
    if (pid <= 0) return;
    UniqueFd pidFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidFd) return;
    pollfd p{pidFd.get(), POLLIN, 0};
    while (::poll(&p, 1, int(limit.count())) < 0 && errno == EINTR) {
    }
}

}  // namespace

Result<std::string> spawnMonitor(const std::filesystem::path& program, const std::string& id,
                                 const std::string& what, std::chrono::milliseconds timeout,
                                 const Attach& attach) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) return Error::fromErrno("start " + what + ": pipe");
    UniqueFd readEnd(fds[0]), writeEnd(fds[1]);
    // Every fd handed over is first copied above the ones it goes to, so no dup2 below overwrites
    // one that a later dup2 still reads (the starter's stdin is fd 0, and goes to 4).
    std::vector<UniqueFd> handed;
    for (int fd : attach.fds) {
        handed.emplace_back(::fcntl(fd, F_DUPFD_CLOEXEC, 64));
        if (!handed.back()) return Error::fromErrno("start " + what + ": hand over fd " + std::to_string(fd));
    }
    const std::string path = program.string();
    std::vector<char*> argv = {const_cast<char*>(path.c_str()), const_cast<char*>(id.c_str()),
                               const_cast<char*>("3")};
    for (const std::string& a : attach.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), 3);
    for (std::size_t i = 0; i < handed.size(); ++i)
        posix_spawn_file_actions_adddup2(&actions, handed[i].get(), 4 + int(i));
    // No signal blocked or ignored by the starter (juxtactl run blocks the ones it forwards) goes on
    // to the monitor and what it runs.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGWINCH}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t launcher = 0;
    const int rc = posix_spawn(&launcher, path.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    writeEnd.reset();
    handed.clear();
    if (rc != 0) return Error::fromErrno("start " + what + " (" + path + ")", rc);
    int status = 0;
    while (::waitpid(launcher, &status, 0) < 0 && errno == EINTR) {
    }
    std::string line;
    char buf[1024];
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{readEnd.get(), POLLIN, 0};
        const int ready = left.count() > 0 ? ::poll(&p, 1, int(left.count())) : 0;
        if (ready == 0)
            return Error(ETIMEDOUT,
                         what + " did not report within " +
                             std::to_string(std::chrono::ceil<std::chrono::seconds>(timeout).count()) +
                             " s; it may still be starting — see `juxtactl logs " + id +
                             "`, then stop or remove it");
        const ssize_t n = ready > 0 ? ::read(readEnd.get(), buf, sizeof buf) : -1;
        if (n > 0) {
            line.append(buf, std::size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;  // from poll or read
        break;                                  // EOF (or an error): what came is the report
    }
    pid_t monitor = 0;
    if (line.rfind("pid ", 0) == 0) {
        const auto newline = line.find('\n');
        monitor = pid_t(std::strtol(line.c_str() + 4, nullptr, 10));
        line.erase(0, newline == std::string::npos ? line.size() : newline + 1);
    }
    if (line.rfind("ok", 0) == 0) return line.size() > 3 ? line.substr(3) : std::string();
    waitForExit(monitor, std::chrono::seconds(5));
    if (line.rfind("error ", 0) == 0) {
        char* end = nullptr;
        const long code = std::strtol(line.c_str() + 6, &end, 10);
        return Error(int(code), std::string(end && *end == ' ' ? end + 1 : end));
    }
    return Error(ECHILD, what + " (" + path + ") died before it reported");
}

int launch(int reportFd, const std::function<void()>& run) {
    const pid_t monitor = ::fork();
    if (monitor < 0) {
        reportError(reportFd, Error::fromErrno("start monitor: fork"));
        return 1;
    }
    if (monitor == 0) {
        // First on the report: who the monitor is, so a starter told of an error can wait for it to end.
        const std::string pid = "pid " + std::to_string(::getpid()) + "\n";
        (void)!::write(reportFd, pid.data(), pid.size());
        run();
        ::_exit(1);
    }
    return 0;
}

void detachFromStarter(int& reportFd, int keep) {
    ::setsid();
    for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGPIPE}) ::signal(sig, SIG_IGN);
    if (reportFd != 3) {
        ::dup3(reportFd, 3, O_CLOEXEC);
        reportFd = 3;
    }
    // posix_spawn's dup2 cleared close-on-exec: without it, whatever the monitor runs would hold
    // the report pipe open and the starter would wait for the end of the instance.
    ::fcntl(3, F_SETFD, FD_CLOEXEC);
    for (int fd = 4; fd < 4 + keep; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::syscall(SYS_close_range, unsigned(4 + keep), ~0U, 0);
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
    if (null > 2) ::close(null);
}

void report(int& reportFd, const std::string& line) {
    if (reportFd < 0) return;
    (void)!::write(reportFd, line.data(), line.size());
    ::close(reportFd);
    reportFd = -1;
}

void reportError(int& reportFd, const Error& error) {
    report(reportFd, "error " + std::to_string(error.code()) + " " + error.message());
}

std::filesystem::path helperExecutable(const char* name, const char* envVar, const char* installed) {
    if (const char* env = std::getenv(envVar); env && *env) return env;
    const auto dir = selfExecutable().parent_path();
    // Beside it (build/bin, an install's bin/), then the install's libexec/juxta/ under whatever
    // prefix the install went to (a .deb's /usr, a `cmake --install` elsewhere).
    for (const auto& candidate : {dir / name, dir.parent_path() / "libexec" / "juxta" / name})
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    return installed;
}

}  // namespace juxta::detached
