#pragma once
// The guest side of the agent protocol on ttyS1 (one JSON object per line; see ../README.md):
// requests from the host are parsed here, events to the host are built here. Pure, so the unit
// tests drive it with made-up lines.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace juxta::guest {

struct RunRequest {
    uint64_t id = 0;
    std::vector<std::string> argv;
    std::vector<std::string> env;  // "K=V"; PATH gets a default when not given
    std::string cwd = "/";
    uint32_t timeoutMs = 0;     // 0: no limit; otherwise the command is killed (SIGKILL) after it
    bool inImage = false;       // chrooted into the OCI image's root (kImageRoot)
    uint32_t uid = 0, gid = 0;  // "user": "uid[:gid]", numeric (gid 0 when not given)
    bool toConsole = false;     // "console": stdout and stderr on the console (ttyS0), not captured —
                                // a service's output, for the VM's log (its exit event has none)
    int stopSignal = 0;         // "stop_signal": what a graceful power-off sends it first (a service's
                                // StopSignal); 0: SIGTERM for a service, nothing for a command
};
// {"cmd":"hosts","id":N,"lines":"ADDRESS\tNAMES\n..."}: an image VM's /etc/hosts becomes the
// lines it was given at boot (localhost, its own name) and these — a compose project's services.
inline constexpr size_t kMaxHostsLines = 64 * 1024;

// The agent's channel: a vsock stream to the host (CID 2) on this port when the VM has the device
// (vmm/virtio/vsock.h listens there), else ttyS1.
inline constexpr uint32_t kAgentVsockPort = 1024;

struct Request {
    enum class Kind { Run, Hosts, PowerOff, Invalid } kind = Kind::Invalid;
    RunRequest run;
    std::string hostsLines;  // Hosts
    // PowerOff's "grace_ms": how long the services have, from their stop signal, before SIGKILL and
    // the power-off; 0 (none given): power off at once.
    uint32_t graceMs = 0;
    int64_t id = -1;    // the request's id when it had one (echoed in an error event)
    std::string error;  // why an Invalid request is invalid
};

Request parseRequest(std::string_view line);

// Where an image VM's root is joined (overlayfs of the image's layers and the VM's writable disk).
inline constexpr const char* kImageRoot = "/juxta/root";

struct ReadyInfo {
    int64_t bootMs = 0;   // CLOCK_BOOTTIME when init started
    int64_t readyMs = 0;  // CLOCK_BOOTTIME when the agent could take requests
    std::string kernel;
    uint32_t cpus = 0;
    uint64_t memTotalKib = 0;
    uint32_t modules = 0;  // device drivers loaded before ready (0: the machine has no virtio devices)
    std::string image;     // an image VM's root: "ok", or why it could not be made; empty: no image
    std::string network;   // eth0's address: "ok", or why it could not be set; empty: none asked for
    // What the agent did before ready, in order, and how long each took (ms, CLOCK_BOOTTIME):
    // "mounts", "modules", "vsock", "network", "image" — where a VM's start goes once init runs.
    std::vector<std::pair<std::string, int64_t>> steps;
};

struct CapturedOutput {
    std::string bytes;
    bool truncated = false;
};

struct RunResult {
    uint64_t id = 0;
    int code = -1;   // exit code, -1 when killed by a signal
    int signal = 0;  // the signal that killed it, 0 when it exited
    bool timedOut = false;
    int64_t startMs = 0, endMs = 0;  // CLOCK_BOOTTIME
    CapturedOutput out, err;
    std::map<std::string, uint64_t> meminfo;  // /proc/meminfo after the command, in kB
    uint64_t maxRssKib = 0;
};

// Each returns one line, newline included.
std::string readyEvent(const ReadyInfo& info);
// {"event":"channel","channel":NAME}: the agent went over to another channel (the host answers
// there from now on; it reads nothing else in it).
std::string channelEvent(const std::string& name);
std::string exitEvent(const RunResult& result);
std::string errorEvent(int64_t id, const std::string& message);

// Appends at most `limit` bytes of `data` to `output`, flagging what did not fit.
void capture(CapturedOutput& output, std::string_view data, size_t limit);

}  // namespace juxta::guest
