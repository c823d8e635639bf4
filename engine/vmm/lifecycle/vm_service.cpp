#include "vmm/lifecycle/vm_service.h"

#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/log.h"
#include "core/read_file.h"
#include "instances/state_record.h"
#include "vmm/lifecycle/vm_lifecycle.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::vmm {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr auto kAgentWait = std::chrono::minutes(10);
constexpr auto kWatchEvery = std::chrono::milliseconds(300);
constexpr std::size_t kHealthOutputLimit = 4096;
constexpr std::size_t kHostsFileLimit = 64 * 1024;

// How long a service that ended by itself gives the guest to power off (and write back what its
// disks still hold in memory) before its VM is ended outright.
constexpr int64_t kEndGraceMs = 10000;

// An exec answer's end as a shell says it: the exit code (0 to 255), or 128 + the signal (1 to 64)
// that killed it; 1 for anything else a guest may claim.
int shellCode(const json& answer) {
    const json code = answer.value("exit_code", json()), signal = answer.value("signal", json());
    if (signal.is_number_integer() && signal.get<int64_t>() >= 1 && signal.get<int64_t>() <= 64)
        return 128 + signal.get<int>();
    if (code.is_number_integer() && code.get<int64_t>() >= 0 && code.get<int64_t>() <= 255)
        return code.get<int>();
    return 1;
}

json serviceExec(const VmService& s, std::vector<std::string> argv) {
    json exec = {
        {"cmd", "exec"}, {"argv", std::move(argv)}, {"env", s.env}, {"cwd", s.cwd}, {"in_image", true}};
    if (!s.user.empty()) exec["user"] = s.user;
    return exec;
}

}  // namespace

fs::path vmHealthFileOf(const std::string& id) {
    return vmStateDirOf(id) / "health.json";
}

std::optional<runtime::HealthState> loadVmHealth(const std::string& id) {
    auto text = readFile(vmHealthFileOf(id), {kStateJsonLimits.maxBytes, false});
    if (!text) return std::nullopt;
    auto s = runtime::healthFromJson(*text);
    if (!s) return std::nullopt;
    return *s;
}

runtime::HealthCheck toHealthCheck(const VmHealthCheck& c) {
    return {c.args, c.intervalMs, c.timeoutMs, c.startPeriodMs, c.retries};
}

std::string serviceHostsLines(const std::string& text) {
    std::istringstream in(text);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        const std::string address = line.substr(0, line.find_first_of(" \t"));
        if (address.empty() || address[0] == '#' || address == "127.0.0.1" || address == "::1") continue;
        out += line + "\n";
    }
    return out;
}

struct ServiceRunner::Impl {
    VmDefinition d;
    int64_t startedAtMs = 0;
    std::mutex mutex;
    std::condition_variable changed;
    bool ready = false, stopping = false;
    std::atomic<int> exitCode{-1};
    std::thread service, watcher;

    bool stopped() {
        std::scoped_lock lock(mutex);
        return stopping;
    }

    // Writes the hosts file's lines into the guest; the file's size and time, to notice a change.
    void pushHosts(std::pair<int64_t, int64_t>& seen) {
        const VmService& s = *d.service;
        if (s.hostsFile.empty()) return;
        struct stat st {};
        if (::stat(s.hostsFile.c_str(), &st) < 0) return;
        const std::pair<int64_t, int64_t> now{
            st.st_size, int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
        if (now == seen) return;
        seen = now;  // tried once per version of the file: a failure is told again only after a change
        auto text = readFile(s.hostsFile, {kHostsFileLimit, false});
        if (!text) {
            log::get("vmm")->warn("VM {}: hosts file: {}", d.id, text.error().message());
            return;
        }
        if (auto done = callVmm(d.id, {{"cmd", "hosts"}, {"lines", serviceHostsLines(*text)}},
                                std::chrono::seconds(15));
            !done)
            log::get("vmm")->warn("VM {}: /etc/hosts: {}", d.id, done.error().message());
    }

    void runService() noexcept {
        try {
            if (Status st = waitForAgent(d.id, kAgentWait, [this] { return stopped(); }); !st) {
                log::get("vmm")->warn("VM {}: its service did not start: {}", d.id, st.error().message());
                if (!stopped()) {
                    exitCode = 125;
                    (void)callVmm(d.id, {{"cmd", "stop"}, {"grace_ms", kEndGraceMs}});
                }
                return;
            }
            std::pair<int64_t, int64_t> seen{-1, -1};
            pushHosts(seen);  // before the command: its first lookup finds the project
            {
                std::scoped_lock lock(mutex);
                ready = true;
            }
            changed.notify_all();
            json exec = serviceExec(*d.service, d.service->argv);
            exec["console"] = true;
            exec["stop_signal"] = d.service->stopSignal;
            auto answer = callVmm(d.id, exec, std::chrono::hours(24 * 366));
            if (stopped()) return;  // stopped from outside: the VM's end says how
            if (answer) {
                exitCode = shellCode(*answer);
            } else {
                // The agent could not start it: like a shell, 127 for a missing program, 126 otherwise.
                const std::string why = answer.error().message();
                if (why.find("guest agent:") != std::string::npos)
                    exitCode = why.find("No such file or directory") != std::string::npos ? 127 : 126;
                log::get("vmm")->warn("VM {}: its service: {}", d.id, why);
            }
            (void)callVmm(d.id, {{"cmd", "stop"}, {"grace_ms", kEndGraceMs}});  // its end is the VM's
        } catch (const std::exception& e) {
            log::get("vmm")->error("VM {}: the service's thread: {}", d.id, e.what());
        }
    }

    runtime::HealthResult checkOnce(const runtime::HealthCheck& check, int64_t timeoutMs, bool early) {
        runtime::HealthResult r;
        r.startMs = instances::wallClockMs();
        json exec = serviceExec(*d.service, check.args);
        exec["timeout_ms"] = timeoutMs;
        auto answer = callVmm(d.id, exec, std::chrono::milliseconds(timeoutMs) + std::chrono::seconds(10));
        r.endMs = instances::wallClockMs();
        if (!answer) {
            r.exitCode = -2;
            r.output = answer.error().message();
        } else {
            const json guest = answer->value("guest", json::object());
            r.exitCode = guest.is_object() && guest.value("timed_out", false) ? -1 : shellCode(*answer);
            const json out = answer->value("stdout", json()), err = answer->value("stderr", json());
            r.output = (out.is_string() ? out.get<std::string>() : "") +
                       (err.is_string() ? err.get<std::string>() : "");
            if (r.exitCode == -1) r.output = runtime::timedOutMessage(timeoutMs, early) + "\n" + r.output;
        }
        if (r.output.size() > kHealthOutputLimit) r.output.resize(kHealthOutputLimit);
        return r;
    }

    void watch() noexcept {
        try {
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [this] { return ready || stopping; });
                if (stopping) return;
            }
            std::pair<int64_t, int64_t> seen{-1, -1};
            std::optional<runtime::HealthCheck> check;
            runtime::HealthState health;
            if (d.service->health) {
                check = toHealthCheck(*d.service->health);
                (void)writeFileAtomically(vmHealthFileOf(d.id), runtime::toJson(health), 0600,
                                          Durability::AtomicOnly);
            }
            runtime::ProbeSchedule schedule(check ? check->intervalMs : 0, check ? check->timeoutMs : 0,
                                            runtime::ProbeSchedule::nowMs());
            for (;;) {
                pushHosts(seen);
                const runtime::ProbeSchedule::Next next =
                    schedule.next(health, runtime::ProbeSchedule::nowMs());
                if (check && next.inMs == 0) {
                    const int64_t probeStart = runtime::ProbeSchedule::nowMs();
                    runtime::HealthResult r = checkOnce(*check, next.timeoutMs, !next.regular);
                    schedule.ran(next.regular, probeStart, runtime::ProbeSchedule::nowMs(), -1,
                                 r.exitCode == -1);
                    if (stopped()) return;  // the VM ended under the check: that says nothing of its health
                    runtime::record(health, *check, std::move(r), instances::wallClockMs() - startedAtMs,
                                    next.regular);
                    if (Status st = writeFileAtomically(vmHealthFileOf(d.id), runtime::toJson(health), 0600,
                                                        Durability::AtomicOnly);
                        !st)
                        log::get("vmm")->warn("VM {}: health: {}", d.id, st.error().message());
                    continue;  // the next one may be due already
                }
                // The hosts file is watched every kWatchEvery; a probe due sooner wakes the loop sooner.
                const auto wait = check ? std::min<std::chrono::milliseconds>(
                                              kWatchEvery, std::chrono::milliseconds(next.inMs))
                                        : std::chrono::milliseconds(kWatchEvery);
                std::unique_lock lock(mutex);
                if (changed.wait_for(lock, wait, [this] { return stopping; })) return;
            }
        } catch (const std::exception& e) {
            log::get("vmm")->error("VM {}: the hosts and health thread: {}", d.id, e.what());
        }
    }
};

ServiceRunner::ServiceRunner(VmDefinition d, int64_t startedAtMs) : impl_(std::make_unique<Impl>()) {
    impl_->d = std::move(d);
    impl_->startedAtMs = startedAtMs;
    std::error_code ec;
    fs::remove(vmHealthFileOf(impl_->d.id), ec);
    impl_->service = std::thread([impl = impl_.get()] { impl->runService(); });
    try {
        impl_->watcher = std::thread([impl = impl_.get()] { impl->watch(); });
    } catch (...) {  // no second thread: the first is stopped and joined, then the caller hears why
        stop();
        throw;
    }
}

ServiceRunner::~ServiceRunner() {
    stop();
}

int ServiceRunner::stop() {
    {
        std::scoped_lock lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->changed.notify_all();
    if (impl_->service.joinable()) impl_->service.join();
    if (impl_->watcher.joinable()) impl_->watcher.join();
    return impl_->exitCode.load();
}

}  // namespace juxta::vmm
