#include "compare/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compare/proc_usage.h"
#include "core/timeline.h"
#include "core/unique_fd.h"

extern "C" char** environ;

namespace juxta::compare {
namespace {

// Appends what is readable now; false at EOF.
bool drain(int fd, std::string& into) {
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            into.append(buf, std::size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return n < 0;  // EAGAIN: more may come
    }
}

}  // namespace

std::string lastLine(const std::string& text) {
    std::size_t end = text.find_last_not_of("\r\n");
    if (end == std::string::npos) return "";
    const std::size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1) + 1);
}

Result<ChildRun> runChild(const std::vector<std::string>& args, const RunProbe& probe,
                          const std::function<void(pid_t)>& onSample) {
    int outPipe[2], errPipe[2];
    if (::pipe2(outPipe, O_CLOEXEC | O_NONBLOCK) < 0) return Error::fromErrno("pipe");
    UniqueFd outRead(outPipe[0]), outWrite(outPipe[1]);
    if (::pipe2(errPipe, O_CLOEXEC | O_NONBLOCK) < 0) return Error::fromErrno("pipe");
    UniqueFd errRead(errPipe[0]), errWrite(errPipe[1]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outWrite.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errWrite.get(), STDERR_FILENO);
    // dup2 clears O_NONBLOCK's fd but not the file's flag; the child's ends must block.
    ::fcntl(outWrite.get(), F_SETFL, 0);
    ::fcntl(errWrite.get(), F_SETFL, 0);
    // A session of its own, as a container's monitor and a VM's have: with the scheduler's
    // autogroups on, a child left in the caller's session would share one CPU share with
    // everything else started from that session (a build, a shell) and look slower than it is.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    ChildRun run;
    run.requestNs = monotonicNs();
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
    run.spawnedNs = monotonicNs();
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    outWrite.reset();
    errWrite.reset();
    if (rc != 0) return Error::fromErrno("run " + args[0], rc);
    UniqueFd pidFd(int(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidFd) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        return Error::fromErrno("pidfd_open");
    }
    // The first sample is the workload's own: posix_spawn returns before exec has given the child
    // its memory (proc_usage.h), and a workload done within one interval has only that sample.
    for (int i = 0; i < 2000 && sharesOurMemory(pid); ++i) ::usleep(50);
    bool cancelled = false, outOpen = true, errOpen = true;
    int64_t nextSample = run.spawnedNs;
    for (bool exited = false; !exited || outOpen || errOpen;) {
        if (!exited && monotonicNs() >= nextSample) {
            onSample(pid);
            nextSample = monotonicNs() + int64_t(RunProbe::kIntervalMs) * 1'000'000;
        }
        if (!cancelled && probe.cancelled()) {
            cancelled = true;
            ::kill(pid, SIGKILL);
        }
        pollfd fds[3] = {{pidFd.get(), POLLIN, 0}, {outRead.get(), POLLIN, 0}, {errRead.get(), POLLIN, 0}};
        if (!outOpen) fds[1].fd = -1;
        if (!errOpen) fds[2].fd = -1;
        if (exited) fds[0].fd = -1;
        ::poll(fds, 3, RunProbe::kIntervalMs);
        if (outOpen && fds[1].revents) outOpen = drain(outRead.get(), run.out);
        if (errOpen && fds[2].revents) errOpen = drain(errRead.get(), run.err);
        if (!exited && fds[0].revents) {
            exited = true;
            run.exitedNs = monotonicNs();
        }
    }
    int status = 0;
    rusage ru{};
    while (::wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    run.reapedNs = monotonicNs();
    run.cpuMs = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    run.exitCode = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    if (cancelled) return Error(ECANCELED, "cancelled");
    return run;
}

}  // namespace juxta::compare
