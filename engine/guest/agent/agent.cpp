#include "guest/agent/agent.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "guest/agent/system.h"

namespace juxta::guest {

namespace {

constexpr size_t kMaxRequestLine = 1 << 20;
constexpr int64_t kShellRespawnDelayMs = 1000;  // a shell that dies at once is not restarted in a loop

void restoreSignalsInChild() {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
}

void setNonBlocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace

Agent::Agent(int channel, std::string console, bool shell, int fallback)
    : tty_(channel), fallback_(fallback), console_(std::move(console)), wantShell_(shell) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    signals_.reset(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
    ::signal(SIGPIPE, SIG_IGN);
    ::setenv("PATH", kDefaultPath, 0);
}

void Agent::send(const std::string& line) {
    // A stream that fails is gone (the host reset it): the line is lost with it — the host failed
    // the request on its side — and the agent connects again or goes back to ttyS1.
    if (!writeLine(tty_, line)) channelLost();
}

void Agent::run() {
    if (wantShell_) spawnShell();
    for (;;) {
        std::vector<pollfd> fds{{tty_, POLLIN, 0}, {signals_.get(), POLLIN, 0}};
        std::vector<pid_t> owners{0, 0};
        for (auto& [pid, r] : running_)
            for (UniqueFd* fd : {&r.out, &r.err})
                if (fd->valid()) {
                    fds.push_back({fd->get(), POLLIN, 0});
                    owners.push_back(pid);
                }
        if (::poll(fds.data(), fds.size(), pollTimeoutMs()) < 0 && errno != EINTR) {
            std::perror("juxta-guest: poll");
            ::sleep(1);
            continue;
        }
        if (fds[0].revents) readRequests();
        for (size_t i = 2; i < fds.size(); ++i) {
            if (!fds[i].revents) continue;
            auto it = running_.find(owners[i]);
            if (it == running_.end()) continue;
            Running& r = it->second;
            if (fds[i].fd == r.out.get())
                readOutput(r.out, r.result.out, false);
            else if (fds[i].fd == r.err.get())
                readOutput(r.err, r.result.err, false);
        }
        if (fds[1].revents) reapChildren();
        enforceDeadlines();
        if (shell_ < 0 && shellRespawnAtMs_ >= 0 && bootTimeMs() >= shellRespawnAtMs_) spawnShell();
    }
}

int Agent::pollTimeoutMs() const {
    int64_t next = -1;
    auto consider = [&](int64_t at) {
        if (at >= 0 && (next < 0 || at < next)) next = at;
    };
    for (const auto& [pid, r] : running_)
        if (!r.exited) consider(r.deadlineMs);
    if (shell_ < 0) consider(shellRespawnAtMs_);
    if (next < 0) return -1;
    return int(std::max<int64_t>(0, next - bootTimeMs()));
}

void Agent::channelLost() {
    struct stat st {};
    if (tty_ < 0 || ::fstat(tty_, &st) != 0 || !S_ISSOCK(st.st_mode)) return;  // ttyS1 itself: nowhere else
    ::close(tty_);
    pending_.clear();  // a request cut in half is not finished on another channel
    tty_ = connectHostVsock(kAgentVsockPort);
    std::fprintf(stderr, "juxta-guest: the vsock channel ended; %s\n",
                 tty_ >= 0        ? "connected again"
                 : fallback_ >= 0 ? "the agent goes on on ttyS1"
                                  : "no channel left");
    if (tty_ >= 0) return;
    tty_ = std::exchange(fallback_, -1);  // -1 when there is no ttyS1 either: poll() skips it
    // The host sends where the agent's last line came from: one line on ttyS1 says it is back there.
    if (tty_ >= 0) (void)writeLine(tty_, channelEvent("ttyS1"));
}

void Agent::readRequests() {
    char buffer[4096];
    ssize_t n = ::read(tty_, buffer, sizeof(buffer));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        channelLost();
        return;
    }
    if (n < 0) return;
    pending_.append(buffer, size_t(n));
    for (size_t nl; (nl = pending_.find('\n')) != std::string::npos;) {
        std::string line = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) handleLine(line);
    }
    if (pending_.size() > kMaxRequestLine) {
        pending_.clear();
        send(errorEvent(-1, "request line longer than 1 MiB: dropped"));
    }
}

void Agent::handleLine(std::string_view line) {
    Request request = parseRequest(line);
    switch (request.kind) {
        case Request::Kind::Invalid:
            send(errorEvent(request.id, "bad request: " + request.error));
            return;
        case Request::Kind::PowerOff:
            stopServices(request.graceMs);
            powerOff();
            send(errorEvent(request.id, std::string("power off failed: ") + std::strerror(errno)));
            return;
        case Request::Kind::Run:
            startCommand(request.run);
            return;
        case Request::Kind::Hosts:
            if (std::string failed = writeImageHosts(request.hostsLines); !failed.empty()) {
                send(errorEvent(request.id, failed));
            } else {
                RunResult done;  // answered as a command that exited 0 at once
                done.id = uint64_t(request.id);
                done.code = 0;
                done.startMs = done.endMs = bootTimeMs();
                send(exitEvent(done));
            }
            return;
    }
}

void Agent::startCommand(const RunRequest& request) {
    int out[2], err[2], status[2];
    if (::pipe2(out, O_CLOEXEC) < 0 || ::pipe2(err, O_CLOEXEC) < 0 || ::pipe2(status, O_CLOEXEC) < 0) {
        send(errorEvent(int64_t(request.id), std::string("pipe: ") + std::strerror(errno)));
        return;
    }
    std::vector<char*> argv, envp;
    for (const auto& a : request.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    bool hasPath = false;
    for (const auto& kv : request.env) {
        envp.push_back(const_cast<char*>(kv.c_str()));
        hasPath = hasPath || kv.rfind("PATH=", 0) == 0;
    }
    std::string defaultPath = std::string("PATH=") + kDefaultPath;
    if (!hasPath) envp.push_back(defaultPath.data());
    envp.push_back(nullptr);
    const int64_t startMs = bootTimeMs();
    pid_t pid = ::fork();
    if (pid == 0) {
        restoreSignalsInChild();
        ::setsid();
        int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        // A service's output goes to the console (the VM's log), as it comes; a command's is captured.
        // (No console to be had: nowhere, rather than a pipe nobody reads.)
        int console = -1;
        if (request.toConsole) {
            console = ::open(console_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (console < 0) console = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        }
        ::dup2(console >= 0 ? console : out[1], 1);
        ::dup2(console >= 0 ? console : err[1], 2);
        // What failed goes back to the agent on the status pipe: 1 chdir, 2 exec, 3 the image's
        // root, 4 the user; then errno.
        int message[2] = {3, 0};
        bool placed = !request.inImage || (::chroot(kImageRoot) == 0 && ::chdir("/") == 0);
        if (placed && (request.uid || request.gid)) {
            message[0] = 4;
            placed = ::setgroups(0, nullptr) == 0 && ::setgid(request.gid) == 0 && ::setuid(request.uid) == 0;
        }
        if (placed) message[0] = 1;
        if (placed && ::chdir(request.cwd.c_str()) == 0) {
            // execvpe searches the agent's own PATH; the command's PATH, when given, wins.
            for (char** kv = envp.data(); *kv; ++kv)
                if (std::strncmp(*kv, "PATH=", 5) == 0) ::setenv("PATH", *kv + 5, 1);
            message[0] = 2;
            ::execvpe(argv[0], argv.data(), envp.data());
        }
        message[1] = errno;
        (void)!::write(status[1], message, sizeof(message));
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    ::close(status[1]);
    UniqueFd outFd(out[0]), errFd(err[0]), statusFd(status[0]);
    if (pid < 0) {
        send(errorEvent(int64_t(request.id), std::string("fork: ") + std::strerror(errno)));
        return;
    }
    // The status pipe closes on a successful exec; a message on it means exec (or chdir) failed.
    int message[2] = {0, 0};
    ssize_t n;
    do {
        n = ::read(statusFd.get(), message, sizeof(message));
    } while (n < 0 && errno == EINTR);
    Running r;
    r.result.id = request.id;
    r.result.startMs = startMs;
    if (n == ssize_t(sizeof(message))) {
        // The child exits 127 at once; reapChildren() collects it without a report.
        r.exited = true;
        running_[pid] = std::move(r);
        const std::string what =
            message[0] == 1   ? "cwd " + request.cwd
            : message[0] == 3 ? std::string("the image's root ") + kImageRoot
            : message[0] == 4 ? "user " + std::to_string(request.uid) + ":" + std::to_string(request.gid)
                              : "command " + request.argv[0];
        send(errorEvent(int64_t(request.id), what + ": " + std::strerror(message[1])));
        return;
    }
    if (!request.toConsole) {
        setNonBlocking(outFd.get());
        setNonBlocking(errFd.get());
        r.out = std::move(outFd);
        r.err = std::move(errFd);
    }
    if (request.timeoutMs) r.deadlineMs = startMs + request.timeoutMs;
    if (request.toConsole) r.stopSignal = request.stopSignal ? request.stopSignal : SIGTERM;
    running_[pid] = std::move(r);
}

void Agent::stopServices(uint32_t graceMs) {
    if (graceMs == 0) return;
    const auto serving = [this] {
        std::vector<pid_t> pids;
        for (const auto& [pid, r] : running_)
            if (!r.exited && r.stopSignal) pids.push_back(pid);
        return pids;
    };
    std::vector<pid_t> services = serving();
    // The service's own process only, as `docker stop` signals a container's PID 1: a program that
    // runs children (a shell's trap, npm, a database's workers) stops them its own way, and a second
    // signal would be "quit now" to many.
    for (pid_t pid : services) ::kill(pid, running_[pid].stopSignal);
    const int64_t deadline = bootTimeMs() + graceMs;
    while (!services.empty() && bootTimeMs() < deadline) {
        pollfd p{signals_.get(), POLLIN, 0};
        (void)::poll(&p, 1, int(std::min<int64_t>(100, std::max<int64_t>(1, deadline - bootTimeMs()))));
        signalfd_siginfo info;
        while (::read(signals_.get(), &info, sizeof(info)) == sizeof(info)) {
        }
        // Each service's own pid: the shell and other commands are left to reapChildren().
        for (pid_t pid : services) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) running_[pid].exited = true;
        }
        services = serving();
    }
    for (pid_t pid : services) {
        std::fprintf(stderr, "juxta-guest: pid %d did not end within %u ms of its stop signal: killed\n",
                     int(pid), graceMs);
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
    }
}

void Agent::readOutput(UniqueFd& fd, CapturedOutput& into, bool untilEof) {
    char buffer[16384];
    for (;;) {
        ssize_t n = ::read(fd.get(), buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR) continue;
        if (n > 0) {
            capture(into, std::string_view(buffer, size_t(n)), kOutputLimit);
            if (!untilEof) return;
            continue;
        }
        if (n == 0 || untilEof) fd.reset();  // EOF, or after exit: what a grandchild writes later is dropped
        return;
    }
}

void Agent::reapChildren() {
    signalfd_siginfo info;
    while (::read(signals_.get(), &info, sizeof(info)) == sizeof(info)) {
    }
    for (;;) {
        int status = 0;
        rusage usage{};
        pid_t pid = ::wait4(-1, &status, WNOHANG, &usage);
        if (pid <= 0) return;
        if (pid == shell_) {
            shell_ = -1;
            const int64_t now = bootTimeMs();
            shellRespawnAtMs_ =
                now - shellStartedMs_ < kShellRespawnDelayMs ? now + kShellRespawnDelayMs : now;
            continue;
        }
        auto it = running_.find(pid);
        if (it == running_.end()) continue;  // an orphan PID 1 inherited
        Running& r = it->second;
        if (r.exited) {  // exec failed, already reported
            running_.erase(it);
            continue;
        }
        r.exited = true;
        r.result.endMs = bootTimeMs();
        r.result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        r.result.maxRssKib = uint64_t(usage.ru_maxrss);
        reportExit(pid);
    }
}

void Agent::reportExit(pid_t pid) {
    Running& r = running_.at(pid);
    // The child has exited: everything it wrote is in the pipes now, so read them dry.
    if (r.out.valid()) readOutput(r.out, r.result.out, true);
    if (r.err.valid()) readOutput(r.err, r.result.err, true);
    r.result.meminfo = readMeminfo();
    send(exitEvent(r.result));
    running_.erase(pid);
}

void Agent::enforceDeadlines() {
    const int64_t now = bootTimeMs();
    for (auto& [pid, r] : running_)
        if (!r.exited && r.deadlineMs >= 0 && now >= r.deadlineMs && !r.result.timedOut) {
            r.result.timedOut = true;
            ::kill(-pid, SIGKILL);  // its whole session
            ::kill(pid, SIGKILL);
        }
}

void Agent::spawnShell() {
    shellRespawnAtMs_ = -1;
    shellStartedMs_ = bootTimeMs();
    pid_t pid = ::fork();
    if (pid == 0) {
        restoreSignalsInChild();
        ::setsid();
        int fd = ::open(console_.c_str(), O_RDWR);
        if (fd < 0) ::_exit(126);
        ::ioctl(fd, TIOCSCTTY, 0);
        for (int i = 0; i < 3; ++i) ::dup2(fd, i);
        if (fd > 2) ::close(fd);
        char* const argv[] = {const_cast<char*>("-sh"), nullptr};
        std::string path = std::string("PATH=") + kDefaultPath;
        char* const envp[] = {const_cast<char*>("HOME=/root"), const_cast<char*>("TERM=linux"), path.data(),
                              nullptr};
        ::execve("/bin/sh", argv, envp);
        ::_exit(127);
    }
    shell_ = pid;
    if (pid < 0) shellRespawnAtMs_ = shellStartedMs_ + kShellRespawnDelayMs;
}

}  // namespace juxta::guest
