#pragma once
// The host side of the guest agent's protocol on ttyS1 (engine/guest/README.md): the byte stream
// from the UART cut into lines, lines parsed into events, and the requests we send. Pure, so the
// unit tests feed it made-up bytes and lines.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace juxta::vmm {

// A command to run in the guest (the control socket's "exec", juxta-vmm --exec).
struct ExecRequest {
    std::vector<std::string> argv;
    std::vector<std::string> env;  // "K=V"
    std::string cwd = "/";
    uint32_t timeoutMs = 0;  // 0: none; the guest kills the command (SIGKILL) after it
    bool inImage = false;    // in the OCI image's root (an image VM), not tiny-linux's own
    std::string user;        // "uid[:gid]", numeric; empty: root
    bool console = false;    // its output on the guest's console (the VM's log), not captured: a service
    int stopSignal = 0;      // a service's: what a graceful stop sends it first (0: SIGTERM)
};

// Cuts bytes into lines. A line longer than `maxLine` is dropped whole (up to its newline), so a
// guest that floods the channel costs bounded memory.
class LineSplitter {
  public:
    explicit LineSplitter(size_t maxLine = size_t(16) << 20) : maxLine_(maxLine) {}
    // The finished line (without '\n' or a trailing '\r') when `byte` ends one.
    std::optional<std::string> push(uint8_t byte);
    uint64_t droppedLines() const { return dropped_; }

  private:
    size_t maxLine_;
    std::string line_;
    bool overflow_ = false;
    uint64_t dropped_ = 0;
};

struct AgentEvent {
    enum class Kind { Ready, Exit, Error, Channel } kind;  // Channel: the agent changed channel
    nlohmann::json body;                                   // the whole object
};

// One line from the guest; an Error for anything that is not a well-formed event.
Result<AgentEvent> parseAgentEvent(std::string_view line);

// {"cmd":"run","id":id,...} with the newline.
std::string runRequestLine(uint64_t id, const ExecRequest& request);
// {"cmd":"hosts","id":N,"lines":".."}: an image VM's /etc/hosts gets these lines after its own.
std::string hostsRequestLine(uint64_t id, const std::string& lines);
inline constexpr std::string_view kPowerOffLine = "{\"cmd\":\"poweroff\"}\n";
// A graceful power-off: the guest's services get their stop signal and `graceMs` to end first.
std::string powerOffLine(uint32_t graceMs);

// The control socket's exec answer from the guest's exit event and the host-side wall time.
nlohmann::json execResult(const nlohmann::json& exitEvent, double wallMs);

// Exit status of a command as a shell gives it: its code, or 128 + the signal that killed it.
int shellExitStatus(const nlohmann::json& execResult);

}  // namespace juxta::vmm
