#include "runtime/lifecycle/health.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/log.h"
#include "core/read_file.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "instances/state_record.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/monitor.h"
#include "runtime/lifecycle/state.h"

extern "C" char** environ;

namespace juxta::runtime {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxOutput = 4096;  // of each result, as Docker keeps
constexpr std::size_t kLogLength = 5;
constexpr int kTimedOut = -1;
constexpr int kNotStarted = -2;

fs::path healthFileOf(const std::string& id) {
    return stateDirOf(id) / "health.json";
}

// One check: `juxta-monitor --health-check ID` with its output in a pipe. At timeoutMs the helper
// gets SIGTERM (it forwards it to the test's process group), graceMs later a second one (forwarded as
// SIGKILL), and a second after that SIGKILL itself — each step only once its wait has passed, whatever
// the test writes meanwhile. An early probe (its failure counts for nothing) gets 100 ms of grace,
// not a second: a test that ignores SIGTERM (a Python client with a handler of its own) would double
// what it costs. The helper's own SIGKILL keeps its second, so a helper still starting the test is
// not killed under it (which would leave the test running without anyone to stop it).
HealthResult runOnce(const std::string& id, int64_t timeoutMs, bool early,
                     const std::atomic<bool>& stopping) {
    HealthResult r;
    r.startMs = instances::wallClockMs();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) {
        r.exitCode = kNotStarted;
        r.output = "pipe: " + std::string(std::strerror(errno));
        r.endMs = instances::wallClockMs();
        return r;
    }
    UniqueFd readEnd(fds[0]), writeEnd(fds[1]);
    const std::string program = monitorExecutable().string();
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>("--health-check"),
                    const_cast<char*>(id.c_str()), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), STDERR_FILENO);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    writeEnd.reset();
    if (rc != 0) {
        r.exitCode = kNotStarted;
        r.output = "start " + program + ": " + std::strerror(rc);
        r.endMs = instances::wallClockMs();
        return r;
    }
    ::fcntl(readEnd.get(), F_SETFL, O_NONBLOCK);
    const int64_t deadline = r.startMs + timeoutMs;
    const int64_t graceMs = early ? 100 : 1000;
    int signalsSent = 0;
    int64_t nextSignalAt = deadline;
    bool open = true;
    char buf[4096];
    for (;;) {
        int status = 0;
        rusage usage{};
        const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
        if (done == pid) {
            // Its CPU time, the test's included (the helper waits for the test it runs in the container).
            r.cpuMs = (int64_t(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1000 +
                      (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
            // What it wrote last, up to the cap (a process it left behind may still be writing).
            for (ssize_t n;
                 open && r.output.size() < kMaxOutput && (n = ::read(readEnd.get(), buf, sizeof buf)) > 0;)
                r.output.append(buf, std::min(std::size_t(n), kMaxOutput - r.output.size()));
            if (r.exitCode != kTimedOut)
                r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        const int64_t now = instances::wallClockMs();
        if ((now >= nextSignalAt || (stopping && signalsSent == 0)) && signalsSent < 3) {
            if (now >= deadline) r.exitCode = kTimedOut;
            ::kill(pid, signalsSent < 2 ? SIGTERM : SIGKILL);
            ++signalsSent;
            nextSignalAt = now + (signalsSent == 1 ? graceMs : 1000);
        }
        pollfd p{readEnd.get(), POLLIN, 0};
        const int64_t wait = std::clamp<int64_t>(nextSignalAt - now, 1, 200);
        if (open && ::poll(&p, 1, int(wait)) > 0) {
            const ssize_t n = ::read(readEnd.get(), buf, sizeof buf);
            if (n > 0 && r.output.size() < kMaxOutput)
                r.output.append(buf, std::min(std::size_t(n), kMaxOutput - r.output.size()));
            if (n == 0) open = false;  // it closed its output; wait for its exit
        } else if (!open) {
            ::usleep(useconds_t(std::min<int64_t>(wait, 50) * 1000));
        }
    }
    if (r.exitCode == kTimedOut) r.output = timedOutMessage(timeoutMs, early);
    r.endMs = instances::wallClockMs();
    return r;
}

}  // namespace

std::optional<HealthCheck> healthCheckOf(const images::HealthCheck& image) {
    if (image.disabled()) return std::nullopt;
    HealthCheck c;
    if (image.test[0] == "CMD-SHELL")
        c.args = {"/bin/sh", "-c", image.test[1]};
    else
        c.args.assign(image.test.begin() + 1, image.test.end());
    if (image.intervalMs > 0) c.intervalMs = image.intervalMs;
    if (image.timeoutMs > 0) c.timeoutMs = image.timeoutMs;
    c.startPeriodMs = image.startPeriodMs;
    if (image.retries > 0) c.retries = image.retries;
    // An image (or a flag) may ask for a check every millisecond, or once in ten years: each check
    // is a process and an exec into the container, so the monitor keeps to sane bounds.
    c.intervalMs = std::clamp(c.intervalMs, kMinHealthIntervalMs, kMaxHealthMs);
    c.timeoutMs = std::clamp(c.timeoutMs, kMinHealthTimeoutMs, kMaxHealthMs);
    c.startPeriodMs = std::clamp<int64_t>(c.startPeriodMs, 0, kMaxHealthMs);
    c.retries = std::clamp(c.retries, 1, kMaxHealthRetries);
    return c;
}

const char* toString(Health health) {
    switch (health) {
        case Health::Starting:
            return "starting";
        case Health::Healthy:
            return "healthy";
        case Health::Unhealthy:
            return "unhealthy";
    }
    return "starting";
}

std::string timedOutMessage(int64_t timeoutMs, bool early) {
    return "the health check did not end within " + std::to_string(timeoutMs) + " ms" +
           (early ? " (an early probe: it does not count)" : "");
}

void record(HealthState& state, const HealthCheck& check, HealthResult result, int64_t runningForMs,
            bool regular) {
    const bool passed = result.exitCode == 0;
    if (passed) {
        state.status = Health::Healthy;
        state.failingStreak = 0;
    } else if (regular && (state.status != Health::Starting || runningForMs >= check.startPeriodMs)) {
        // In the start period a failure counts only once the container has passed once.
        state.failingStreak = std::min(state.failingStreak + 1, kMaxHealthRetries);
        if (state.failingStreak >= check.retries) state.status = Health::Unhealthy;
    }
    state.log.push_back(std::move(result));
    if (state.log.size() > kLogLength) state.log.erase(state.log.begin());
}

int64_t ProbeSchedule::nowMs() {
    return monotonicNs() / 1'000'000;
}

ProbeSchedule::ProbeSchedule(int64_t intervalMs, int64_t timeoutMs, int64_t nowMs)
    : intervalMs_(intervalMs),
      timeoutMs_(timeoutMs),
      regularFromMs_(nowMs),
      lastEndMs_(nowMs),
      patienceMs_(std::min(kEarlyProbePatienceMs, timeoutMs)) {}

ProbeSchedule::Next ProbeSchedule::next(const HealthState& state, int64_t nowMs) const {
    const int64_t regularAt = regularFromMs_ + intervalMs_;
    if (state.status == Health::Starting) {
        const int64_t earlyAt = lastEndMs_ + std::max(kEarlyProbeGapMs, 2 * lastProbeMs_);
        if (earlyAt < regularAt) return {std::max<int64_t>(0, earlyAt - nowMs), false, patienceMs_};
    }
    return {std::max<int64_t>(0, regularAt - nowMs), true, timeoutMs_};
}

void ProbeSchedule::ran(bool regular, int64_t startMs, int64_t endMs, int64_t cpuMs, bool timedOut) {
    lastProbeMs_ = cpuMs >= 0 ? cpuMs : std::max<int64_t>(0, endMs - startMs);
    lastEndMs_ = endMs;
    if (regular) regularFromMs_ = endMs;
    if (!regular && timedOut) patienceMs_ = std::min(timeoutMs_, 2 * patienceMs_);
}

std::string toJson(const HealthState& s) {
    json log = json::array();
    for (const auto& r : s.log)
        log.push_back(
            {{"start_ms", r.startMs}, {"end_ms", r.endMs}, {"exit_code", r.exitCode}, {"output", r.output}});
    // The output is the container's: bytes that are not UTF-8 are replaced, never a throw.
    return json({{"status", toString(s.status)}, {"failing_streak", s.failingStreak}, {"log", log}})
               .dump(2, ' ', false, json::error_handler_t::replace) +
           "\n";
}

Result<HealthState> healthFromJson(const std::string& text) {
    auto parsed = parseBoundedJson(text, kStateJsonLimits, "health file");
    if (!parsed) return parsed.error();
    const JsonReader j(*parsed, "health file");
    HealthState s;
    const std::string status = j.string("status");
    s.status = status == "healthy"     ? Health::Healthy
               : status == "unhealthy" ? Health::Unhealthy
                                       : Health::Starting;
    s.failingStreak = j.integer<int>("failing_streak", 0);
    if (const JsonReader log = j.field("log"); log.present())
        for (const JsonReader& r : log.elements())
            s.log.push_back({r.integer<int64_t>("start_ms", 0), r.integer<int64_t>("end_ms", 0),
                             r.integer<int>("exit_code", 0), r.string("output", "")});
    if (auto st = j.status(); !st) return st.error();
    return s;
}

std::optional<HealthState> loadHealth(const std::string& id) {
    auto text = readFile(healthFileOf(id), {kStateJsonLimits.maxBytes, false});
    if (!text) return std::nullopt;
    auto s = healthFromJson(*text);
    if (!s) return std::nullopt;
    return *s;
}

Status saveHealth(const std::string& id, const HealthState& state) {
    return writeFileAtomically(healthFileOf(id), toJson(state), 0600,
                               Durability::AtomicOnly);  // runtime state
}

void clearHealth(const std::string& id) {
    std::error_code ec;
    fs::remove(healthFileOf(id), ec);
}

struct HealthChecker::Impl {
    std::string id;
    HealthCheck check;
    int64_t startedAtMs;
    std::mutex mutex;
    std::condition_variable wake;
    std::atomic<bool> stopping{false};
    std::thread thread;

    void run() {
        HealthState state;
        if (auto st = saveHealth(id, state); !st)
            log::get("runtime")->warn("health of container {}: {}", id, st.error().message());
        ProbeSchedule schedule(check.intervalMs, check.timeoutMs, ProbeSchedule::nowMs());
        std::unique_lock lock(mutex);
        for (;;) {
            const ProbeSchedule::Next next = schedule.next(state, ProbeSchedule::nowMs());
            if (wake.wait_for(lock, std::chrono::milliseconds(next.inMs), [this] { return stopping.load(); }))
                break;
            lock.unlock();
            const int64_t probeStart = ProbeSchedule::nowMs();
            HealthResult r = runOnce(id, next.timeoutMs, !next.regular, stopping);
            schedule.ran(next.regular, probeStart, ProbeSchedule::nowMs(), r.cpuMs, r.exitCode == kTimedOut);
            lock.lock();
            if (stopping) break;  // the container ended under the check: that says nothing of its health
            record(state, check, std::move(r), instances::wallClockMs() - startedAtMs, next.regular);
            if (auto st = saveHealth(id, state); !st)
                log::get("runtime")->warn("health of container {}: {}", id, st.error().message());
        }
    }
};

HealthChecker::HealthChecker(std::string id, HealthCheck check, int64_t startedAtMs)
    : impl_(std::make_unique<Impl>()) {
    impl_->id = std::move(id);
    impl_->check = std::move(check);
    impl_->startedAtMs = startedAtMs;
    impl_->thread = std::thread([impl = impl_.get()] {
        try {
            impl->run();
        } catch (const std::exception& e) {  // never out of the thread: the monitor keeps the container
            log::get("runtime")->error("health checks of container {} stopped: {}", impl->id, e.what());
        }
    });
}

HealthChecker::~HealthChecker() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    impl_->thread.join();
}

int runHealthCheckOnce(const std::string& id) {
    auto d = loadDefinition(id);
    if (!d) {
        std::fprintf(stderr, "%s\n", d.error().message().c_str());
        return 125;
    }
    if (!d->health) {
        std::fprintf(stderr, "container %s has no health check\n", d->spec.name.c_str());
        return 125;
    }
    auto exit = execInInstance(id, d->health->args, false);
    if (!exit) {
        std::fprintf(stderr, "%s\n", exit.error().message().c_str());
        return 125;
    }
    return exit->shellCode();
}

}  // namespace juxta::runtime
