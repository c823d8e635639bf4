#include "instances/restart.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/log.h"
#include "core/unique_fd.h"
#include "instances/state_record.h"

namespace juxta::instances {
namespace fs = std::filesystem;

namespace {

constexpr auto kFirstBackOff = std::chrono::milliseconds(200);
constexpr auto kLongestBackOff = std::chrono::seconds(30);
constexpr auto kRanLongEnough = std::chrono::seconds(10);  // resets the count and the back-off

fs::path stopMarkOf(InstanceKind kind, const std::string& id) {
    return runDirOf(kind, id) / "stop-asked";
}
fs::path countFileOf(InstanceKind kind, const std::string& id) {
    return runDirOf(kind, id) / "restarts";
}
fs::path pendingMarkOf(InstanceKind kind, const std::string& id) {
    return runDirOf(kind, id) / "restarting";
}

// The lock a stop's mark and a restart's start are taken under (blocking; -1 when the run
// directory is gone: then nothing is running to restart or to race with).
UniqueFd lockRestarts(InstanceKind kind, const std::string& id) {
    UniqueFd fd(::open((runDirOf(kind, id) / "restart.lock").c_str(),
                       O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd)
        while (::flock(fd.get(), LOCK_EX) < 0 && errno == EINTR) {
        }
    return fd;
}

bool stopAsked(InstanceKind kind, const std::string& id) {
    std::error_code ec;
    return fs::exists(stopMarkOf(kind, id), ec);
}

void writeCount(InstanceKind kind, const std::string& id, int count) {
    std::error_code ec;
    if (count == 0) {
        fs::remove(countFileOf(kind, id), ec);
        return;
    }
    std::ofstream(countFileOf(kind, id), std::ios::trunc) << count << '\n';
}

}  // namespace

Result<RestartPolicy> parseRestartPolicy(const std::string& text) {
    RestartPolicy p;
    if (text.empty() || text == "no") return p;
    if (text == "always") p.mode = RestartPolicy::Mode::Always;
    if (text == "unless-stopped") p.mode = RestartPolicy::Mode::UnlessStopped;
    if (text == "on-failure") p.mode = RestartPolicy::Mode::OnFailure;
    if (text.rfind("on-failure:", 0) == 0) {
        const std::string n = text.substr(11);
        if (n.empty() || n.size() > 7 ||
            !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            std::stoi(n) < 1 || std::stoi(n) > 1000000)
            return Error(EINVAL, "restart policy '" + text + "': on-failure:N takes N from 1 to 1000000");
        p.mode = RestartPolicy::Mode::OnFailure;
        p.maxRetries = std::stoi(n);
    }
    if (p.mode == RestartPolicy::Mode::No)
        return Error(EINVAL, "restart policy '" + text + "': no, always, unless-stopped or on-failure[:N]");
    return p;
}

std::string toString(const RestartPolicy& p) {
    switch (p.mode) {
        case RestartPolicy::Mode::Always:
            return "always";
        case RestartPolicy::Mode::UnlessStopped:
            return "unless-stopped";
        case RestartPolicy::Mode::OnFailure:
            return p.maxRetries ? "on-failure:" + std::to_string(p.maxRetries) : "on-failure";
        case RestartPolicy::Mode::No:
            break;
    }
    return "no";
}

void noteStopAsked(InstanceKind kind, const std::string& id) {
    UniqueFd lock = lockRestarts(kind, id);
    if (lock) std::ofstream(stopMarkOf(kind, id)).put('\n');  // no run directory: it never ran
}

void clearStopAsked(InstanceKind kind, const std::string& id) {
    std::error_code ec;
    fs::remove(stopMarkOf(kind, id), ec);
    fs::remove(countFileOf(kind, id), ec);
    fs::remove(pendingMarkOf(kind, id), ec);
}

bool restartPending(InstanceKind kind, const std::string& id) {
    std::error_code ec;
    return fs::exists(pendingMarkOf(kind, id), ec);
}

int restartCount(InstanceKind kind, const std::string& id) {
    int count = 0;
    std::ifstream(countFileOf(kind, id)) >> count;
    return std::clamp(count, 0, 1000000);
}

namespace {

// The policy's decision, the back-off and the start (restartAfterEnd marks it pending around it).
bool waitAndStart(const Kind& kind, const std::string& id, const RestartPolicy& policy, int exitCode,
                  std::chrono::milliseconds ranFor) {
    const InstanceKind k = kind.kind();
    if (policy.mode == RestartPolicy::Mode::No || stopAsked(k, id)) return false;
    if (policy.mode == RestartPolicy::Mode::OnFailure && exitCode == 0) return false;
    int count = ranFor >= kRanLongEnough ? 0 : restartCount(k, id);
    if (policy.mode == RestartPolicy::Mode::OnFailure && policy.maxRetries && count >= policy.maxRetries) {
        writeCount(k, id, count);
        return false;
    }
    auto backOff = kFirstBackOff * (1 << std::min(count, 8));
    if (backOff > kLongestBackOff)
        backOff = std::chrono::duration_cast<std::chrono::milliseconds>(kLongestBackOff);
    // The back-off, watching for a stop or a remove (either marks it) every 100 ms.
    const auto until = std::chrono::steady_clock::now() + backOff;
    while (std::chrono::steady_clock::now() < until) {
        if (stopAsked(k, id)) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    UniqueFd lock = lockRestarts(k, id);
    // A stop or a remove, or a start of the user's (it runs again): nothing left to do.
    if (!lock || stopAsked(k, id) || isLive(kind.record(id).state)) return false;
    writeCount(k, id, count + 1);
    if (Status st = startForRestart(kind, id); !st) {
        log::get("instances")
            ->warn("{} {}: restart ({}): {}", kind.noun(), id, toString(policy), st.error().message());
        return false;
    }
    return true;
}

}  // namespace

bool restartAfterEnd(const Kind& kind, const std::string& id, const RestartPolicy& policy, int exitCode,
                     std::chrono::milliseconds ranFor) {
    const InstanceKind k = kind.kind();
    std::error_code ec;
    fs::remove(pendingMarkOf(k, id), ec);  // the run that just ended may have been a restart's
    if (policy.mode == RestartPolicy::Mode::No) return false;
    std::ofstream(pendingMarkOf(k, id)).put('\n');
    const bool restarted = waitAndStart(kind, id, policy, exitCode, ranFor);
    if (!restarted) fs::remove(pendingMarkOf(k, id), ec);
    return restarted;
}

}  // namespace juxta::instances
