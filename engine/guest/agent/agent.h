#pragma once
// The agent's event loop (PID 1 after set-up): requests from its channel (ttyS1 or vsock), commands' output
// pipes, SIGCHLD (through a signalfd: PID 1 reaps every orphan) and deadlines, in one poll(). Commands run
// concurrently, each in its own session; the console shell on ttyS0 is respawned when it ends.
#include <sys/types.h>

#include <map>
#include <string>
#include <string_view>

#include "core/unique_fd.h"
#include "guest/agent/protocol.h"

namespace juxta::guest {

inline constexpr size_t kOutputLimit = 1 << 20;  // per stream of one command; the rest is dropped
inline constexpr const char* kDefaultPath = "/usr/sbin:/usr/bin:/sbin:/bin";

class Agent {
  public:
    // `channel`: the host's (the raw ttyS1, or a vsock stream); `console`: the path of the shell's
    // terminal (ttyS0); `shell`: whether the console gets a login shell (kept running) at all;
    // `fallback`: with a stream, ttyS1 — should the stream end and not connect again, the agent
    // goes on there.
    Agent(int channel, std::string console, bool shell = true, int fallback = -1);
    [[noreturn]] void run();

  private:
    struct Running {
        RunResult result;
        UniqueFd out, err;
        int64_t deadlineMs = -1;  // CLOCK_BOOTTIME; -1: none
        bool exited = false;
        int stopSignal = 0;  // a service's (RunRequest::stopSignal); 0: a command, not stopped first
    };

    void readRequests();
    // The stream ended (the host reset it): connect again, else go on on the fallback (ttyS1). On
    // ttyS1 itself: nothing to do.
    void channelLost();
    void handleLine(std::string_view line);
    void startCommand(const RunRequest& request);
    void reapChildren();
    // Before a graceful power-off: each service gets its stop signal (its own process, as docker's
    // PID 1), and the agent waits up to `graceMs` for them to end; those left get SIGKILL (their
    // whole session). Nothing is reported: the
    // VM's end says how it ended.
    void stopServices(uint32_t graceMs);
    void readOutput(UniqueFd& fd, CapturedOutput& into, bool untilEof);
    void reportExit(pid_t pid);
    void spawnShell();
    void send(const std::string& line);
    int pollTimeoutMs() const;
    void enforceDeadlines();

    int tty_;  // the channel
    int fallback_ = -1;
    std::string console_;
    UniqueFd signals_;
    std::string pending_;  // bytes of an unfinished request line
    std::map<pid_t, Running> running_;
    bool wantShell_ = true;
    pid_t shell_ = -1;
    int64_t shellStartedMs_ = 0;
    int64_t shellRespawnAtMs_ = -1;
};

}  // namespace juxta::guest
