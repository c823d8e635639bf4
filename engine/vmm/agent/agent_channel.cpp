#include "vmm/agent/agent_channel.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <utility>

#include "core/log.h"
#include "core/timeline.h"
#include "vmm/boot_timeline.h"
#include "vmm/devices/legacy/serial8250.h"
#include "vmm/guarded_thread.h"

namespace juxta::vmm {

using nlohmann::json;

namespace {
// How long the host waits past a command's own timeout (which the guest enforces) for its exit.
constexpr int kExecTimeoutSlackMs = 10000;
// How often the feeder retries while the guest has not drained the UART's receive FIFO, and while
// the agent's stream has no connection.
constexpr auto kFeedRetry = std::chrono::milliseconds(1);
constexpr auto kStreamRetry = std::chrono::milliseconds(10);
// The raw copy of what the agent sent (--agent FILE) is for reading, not for filling the disk: a
// guest that writes without end (a vsock stream moves megabytes a batch) is copied this far.
constexpr uint64_t kMaxRawLog = uint64_t(64) << 20;
}  // namespace

AgentChannel::AgentChannel(int rawLogFd, BootTimeline* timeline) : rawLogFd_(rawLogFd), timeline_(timeline) {}

AgentChannel::~AgentChannel() {
    close("the agent channel was torn down");
    if (feeder_.joinable()) feeder_.join();
}

void AgentChannel::attach(std::shared_ptr<Serial8250> uart,
                          std::function<void(const std::string&)> onFailure) {
    uart_ = std::move(uart);
    feeder_ = guardedThread(
        "agent channel", [this] { feed(); },
        [this, onFailure](const std::string& why) {
            close(why);
            if (onFailure) onFailure(why);
        });
}

void AgentChannel::put(uint8_t byte) {
    put(std::span<const uint8_t>(&byte, 1), /*stream=*/false);
}

void AgentChannel::putStream(std::span<const uint8_t> bytes) {
    put(bytes, /*stream=*/true);
}

// The UART's bytes come on a vCPU thread, the stream's on the vsock device's: the splitter is
// shared, so one at a time (a guest that writes both garbles only its own lines).
void AgentChannel::put(std::span<const uint8_t> bytes, bool stream) {
    std::scoped_lock lock(inputMutex_);
    const std::size_t copy = std::size_t(std::min<uint64_t>(bytes.size(), kMaxRawLog - rawLogged_));
    for (std::size_t done = 0; rawLogFd_ >= 0 && done < copy;) {
        const ssize_t n = ::write(rawLogFd_, bytes.data() + done, copy - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += std::size_t(n);
    }
    rawLogged_ += copy;
    if (copy < bytes.size() && rawLogged_ == kMaxRawLog && rawLogFd_ >= 0) {
        static constexpr char kCut[] = "\n[juxta-vmm: the agent's output stops here: 64 MiB copied]\n";
        [[maybe_unused]] ssize_t n = ::write(rawLogFd_, kCut, sizeof kCut - 1);
        ++rawLogged_;  // past the limit: said once
    }
    for (uint8_t byte : bytes)
        if (auto line = lines_.push(byte)) onLine(*line, stream);
}

void AgentChannel::onLine(const std::string& line, bool stream) {
    {
        std::scoped_lock lock(mutex_);
        if (stream != viaStream_) {
            viaStream_ = stream;
            changed_.notify_all();
        }
    }
    auto event = parseAgentEvent(line);
    if (!event) {
        log::get("vmm")->debug("agent: ignored a line ({}): {:.200}", event.error().message(), line);
        return;
    }
    std::scoped_lock lock(mutex_);
    switch (event->kind) {
        case AgentEvent::Kind::Ready:
            if (timeline_) timeline_->markOnce("agent_ready");
            ready_ = json{{"mem_total_kib", event->body["mem_total_kib"]},
                          {"cpus", event->body["cpus"]},
                          {"kernel", event->body["kernel"]},
                          {"boot_ms", event->body["boot_ms"]},
                          {"ready_ms", event->body["ready_ms"]},
                          {"modules", event->body["modules"]},
                          {"image", event->body["image"]},
                          {"network", event->body["network"]},
                          {"channel", stream ? "vsock" : "ttyS1"}};
            if (event->body.contains("steps")) (*ready_)["steps"] = event->body["steps"];
            break;
        case AgentEvent::Kind::Exit: {
            auto it = pending_.find(event->body["id"].get<uint64_t>());
            if (it != pending_.end()) it->second = event->body;
            break;
        }
        case AgentEvent::Kind::Channel:  // where requests go: taken above, from the line's channel
            break;
        case AgentEvent::Kind::Error: {
            const std::string message = "guest agent: " + event->body["message"].get<std::string>();
            const json id = event->body.value("id", json());
            auto it = id.is_number_unsigned() ? pending_.find(id.get<uint64_t>()) : pending_.end();
            if (it != pending_.end())
                it->second = Error(EINVAL, message);
            else
                log::get("vmm")->warn("{}", message);
            break;
        }
    }
    changed_.notify_all();
}

void AgentChannel::send(std::string line) {
    std::scoped_lock lock(mutex_);
    if (closed_) return;
    outbox_ += line;
    changed_.notify_all();
}

// The UART's lock is taken without ours: a vCPU thread holds the UART's while its output reaches
// put(), which takes ours.
void AgentChannel::feed() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return closed_ || !outbox_.empty(); });
        if (closed_) return;
        if (viaStream_ && stream_) {  // the agent is on the stream: all of it at once
            const std::string all = std::exchange(outbox_, {});
            lock.unlock();
            const bool sent = stream_(std::span(reinterpret_cast<const uint8_t*>(all.data()), all.size()));
            lock.lock();
            if (sent) continue;
            // Not connected now (the agent connects again, or says from ttyS1 that it went back
            // there): the lines wait whole — never half on one channel and half on the other.
            outbox_.insert(0, all);
            changed_.wait_for(lock, kStreamRetry, [this] { return closed_ || !viaStream_; });
            continue;
        }
        const std::string chunk = outbox_.substr(0, uart::kRxFifoSize);
        lock.unlock();
        size_t taken;
        {
            std::scoped_lock uartLock(uart_->mutex());
            taken =
                uart_->enqueueInput(std::span(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()));
        }
        lock.lock();
        outbox_.erase(0, taken);  // others only append, so the front is still this chunk
        if (taken < chunk.size()) changed_.wait_for(lock, kFeedRetry, [this] { return bool(closed_); });
    }
}

bool AgentChannel::waitReady(int timeoutMs) {
    std::unique_lock lock(mutex_);
    auto done = [this] { return ready_ || closed_; };
    if (timeoutMs < 0)
        changed_.wait(lock, done);
    else
        changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs), done);
    return ready_.has_value();
}

json AgentChannel::state() const {
    std::scoped_lock lock(mutex_);
    return {{"ready", ready_.has_value()}, {"guest", ready_.value_or(json::object())}};
}

Result<json> AgentChannel::request(const std::function<std::string(uint64_t)>& line, uint32_t timeoutMs,
                                   bool workload) {
    std::unique_lock lock(mutex_);
    if (closed_) return Error(ESHUTDOWN, *closed_);
    if (!ready_) return Error(EAGAIN, "the guest agent is not ready yet (no ready event from it)");
    const uint64_t id = nextId_++;
    pending_[id];
    outbox_ += line(id);
    const int64_t startNs = monotonicNs();
    if (timeline_ && workload) timeline_->markOnce("workload_start");
    changed_.notify_all();
    auto answered = [&] { return closed_ || pending_[id].has_value(); };
    if (timeoutMs)
        changed_.wait_for(lock, std::chrono::milliseconds(int64_t(timeoutMs) + kExecTimeoutSlackMs),
                          answered);
    else
        changed_.wait(lock, answered);
    std::optional<Result<json>> answer = std::move(pending_[id]);
    pending_.erase(id);
    if (!answer) {
        if (closed_) return Error(ESHUTDOWN, *closed_);
        return Error(ETIMEDOUT, "the guest agent did not report the command's end within " +
                                    std::to_string(timeoutMs + kExecTimeoutSlackMs) + " ms");
    }
    if (!*answer) return answer->error();
    if (timeline_ && workload) timeline_->markOnce("workload_end");
    return execResult(answer->value(), double(monotonicNs() - startNs) / 1e6);
}

Result<json> AgentChannel::exec(const ExecRequest& r) {
    return request([&r](uint64_t id) { return runRequestLine(id, r); }, r.timeoutMs, /*workload=*/!r.console);
}

Status AgentChannel::hosts(const std::string& lines) {
    constexpr uint32_t kHostsTimeoutMs = 10000;
    auto done =
        request([&lines](uint64_t id) { return hostsRequestLine(id, lines); }, kHostsTimeoutMs, false);
    if (!done) return done.error().wrap("write the guest's /etc/hosts");
    return {};
}

void AgentChannel::streamLost() {
    std::scoped_lock lock(mutex_);
    for (auto& [id, answer] : pending_)
        if (!answer)
            answer = Error(ECONNRESET,
                           "the guest agent's vsock connection ended before the answer came (the command's "
                           "end is unknown)");
    changed_.notify_all();
}

void AgentChannel::close(const std::string& why) {
    std::scoped_lock lock(mutex_);
    if (!closed_) closed_ = why;
    changed_.notify_all();
}

}  // namespace juxta::vmm
