#pragma once
// The VMM's end of the guest agent's channel: a virtio-vsock stream when the VM has the device and
// the agent connected over it (vmm/virtio/vsock.h), else ttyS1. Bytes from the guest come in
// through the UART's output sink (a vCPU thread) or the vsock device's (its thread), are copied raw
// to the --agent log, cut into lines and parsed: `ready` marks the timeline's agent_ready and
// keeps the guest's facts; `exit` and `error` answer the exec waiting for them. Requests to the
// guest go through a feeder thread: onto the stream while the agent is connected there, else to
// the UART as fast as its 64-byte receive FIFO drains.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <thread>

#include "core/error.h"
#include "vmm/agent/agent_events.h"

namespace juxta::vmm {

class BootTimeline;
class Serial8250;

class AgentChannel {
  public:
    // `rawLogFd`: where ttyS1's bytes are copied (-1: nowhere); not owned.
    AgentChannel(int rawLogFd, BootTimeline* timeline);
    ~AgentChannel();
    AgentChannel(const AgentChannel&) = delete;
    AgentChannel& operator=(const AgentChannel&) = delete;

    // The UART the guest reads requests from; starts the feeder thread. Should that thread fail
    // (an exception), the channel closes and `onFailure` is told why.
    void attach(std::shared_ptr<Serial8250> uart, std::function<void(const std::string&)> onFailure = {});
    // The stream the agent may connect over: `write` queues bytes on it, false while the agent
    // has no connection there. Before attach(). Requests go where the agent's last line came from:
    // the UART until a line comes on the stream, the stream until one comes on the UART again
    // (the agent went back to ttyS1); while the stream has no connection they wait, whole.
    void attachStream(std::function<bool(std::span<const uint8_t>)> write) { stream_ = std::move(write); }
    // The stream's connection ended: what was sent on it may not have arrived, so every request
    // waiting for its answer fails (ECONNRESET) instead of waiting for the VM's end.
    void streamLost();
    // A byte the guest wrote to ttyS1; bytes it sent on the stream.
    void put(uint8_t byte);
    void putStream(std::span<const uint8_t> bytes);

    // Queues a line (with its newline) for the guest.
    void send(std::string line);
    // Waits until the guest reported ready (true) or `timeoutMs` passed / the channel closed (false);
    // -1 waits without limit.
    bool waitReady(int timeoutMs);
    // {"ready":bool,"guest":{mem_total_kib, cpus, kernel, boot_ms, ready_ms, ..., channel}}
    nlohmann::json state() const;
    // Runs a command through the agent and waits for its end: execResult()'s fields.
    Result<nlohmann::json> exec(const ExecRequest& request);
    // An image VM's /etc/hosts: its own lines, then `lines` (a compose project's services).
    Status hosts(const std::string& lines);
    // The VM ended: every waiter gets an error with `why`, nothing more is sent.
    void close(const std::string& why);

  private:
    void put(std::span<const uint8_t> bytes, bool stream);
    // `stream`: the line came on the vsock stream (else ttyS1) — where requests go, and the ready
    // event's channel.
    void onLine(const std::string& line, bool stream);
    // Sends the line made for a new request id and waits for its exit or error event (`timeoutMs`
    // 0: without limit).
    Result<nlohmann::json> request(const std::function<std::string(uint64_t)>& line, uint32_t timeoutMs,
                                   bool workload);
    void feed();

    int rawLogFd_;
    BootTimeline* timeline_;
    std::mutex inputMutex_;  // put()'s: the UART's thread and the vsock device's
    LineSplitter lines_;
    uint64_t rawLogged_ = 0;  // bytes copied to the raw log (it stops at kMaxRawLog)

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::optional<nlohmann::json> ready_;
    std::map<uint64_t, std::optional<Result<nlohmann::json>>> pending_;  // exec id -> its answer
    uint64_t nextId_ = 1;
    std::string outbox_;
    std::optional<std::string> closed_;
    std::shared_ptr<Serial8250> uart_;
    std::function<bool(std::span<const uint8_t>)> stream_;
    bool viaStream_ = false;  // the agent's last line came on the stream
    std::thread feeder_;
};

}  // namespace juxta::vmm
