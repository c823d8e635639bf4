#pragma once
// Health checks: the image's HEALTHCHECK (or run/create's --health-* flags) run by the container's
// monitor, as Docker and Podman run them. Every interval the monitor starts
// `juxta-monitor --health-check ID`, which runs the test in the container the way `juxtactl exec`
// does (its namespaces, cgroup, user, env, hardening); exit 0 is a pass, anything else, or no end
// within the timeout, a failure. The status starts as "starting"; a pass makes it "healthy"; as many
// failures in a row as `retries` make it "unhealthy" — failures in the start period do not count
// until the first pass. The monitor writes the status and the last five results (each output cut
// to 4 KiB) to health.json in the container's state directory; `ps`, `inspect` and the GUI read it.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "images/image.h"

namespace juxta::runtime {

// A health check with every default applied: what the monitor runs.
struct HealthCheck {
    std::vector<std::string> args;  // the test as argv (CMD-SHELL: /bin/sh -c LINE)
    int64_t intervalMs = 30'000;
    int64_t timeoutMs = 30'000;
    int64_t startPeriodMs = 0;
    int retries = 3;
};

// Bounds of what the monitor runs, whatever an image or a flag asks: a check at most every 200 ms,
// a timeout of 100 ms to a day, an interval and start period of at most a day, 1 to 1000 retries.
inline constexpr int64_t kMinHealthIntervalMs = 200;
inline constexpr int64_t kMinHealthTimeoutMs = 100;
inline constexpr int64_t kMaxHealthMs = 24 * 3600 * 1000LL;
inline constexpr int kMaxHealthRetries = 1000;

// The image's check with Docker's defaults for what it leaves zero, within the bounds above;
// nullopt for none or "NONE".
std::optional<HealthCheck> healthCheckOf(const images::HealthCheck& image);

enum class Health { Starting, Healthy, Unhealthy };
const char* toString(Health health);  // "starting", "healthy", "unhealthy"

struct HealthResult {
    int64_t startMs = 0;
    int64_t endMs = 0;
    int exitCode = 0;  // the test's (128 + N killed by N); -1: it timed out; -2: it did not start
    std::string output;
    int64_t cpuMs = -1;  // the CPU time it took (user + system), where known; not kept in health.json
};

struct HealthState {
    Health status = Health::Starting;
    int failingStreak = 0;
    std::vector<HealthResult> log;  // the last five, oldest first
};

// What a probe stopped at timeoutMs says: the time it had and, for an early probe, that it does not count.
std::string timedOutMessage(int64_t timeoutMs, bool early);

// What a result does to the state, given the check and how long the container has run. An early
// probe's failure (regular false: see ProbeSchedule) is only logged: it never counts toward retries.
void record(HealthState& state, const HealthCheck& check, HealthResult result, int64_t runningForMs,
            bool regular = true);

// When the next probe runs. Regular probes come every interval, as Docker's: an interval after the
// start, then an interval after each regular one ends. Until the service first passes, early probes
// come between them — each max(kEarlyProbeGapMs, twice the last probe's CPU time, or its wall time
// where that is not known) after the last ends, so a service is found healthy soon after it is, not
// up to an interval later (what Compose's start_interval asks for, without spelling it in the file),
// and early probes never take more than a third of a CPU from the services starting beside them (a
// Python client's start, say; a probe that waits on the service costs its wait, not a CPU). Their failures
// count for nothing, so `retries` still means failures an interval apart. Times in milliseconds of a steady
// clock.
//
// An early probe has a patience of its own, shorter than the check's timeout: one still running
// after kEarlyProbePatienceMs is stopped (a failure that counts for nothing, as every early one's),
// and each one stopped so doubles the next one's, up to the timeout. A probe that waits for what
// the service does not do yet — a request sent before it listened, a broadcast sent before it
// subscribed — then costs a second, not its whole timeout, while a check that is only slow still
// gets the time it needs. A regular probe always gets the whole timeout. (A VM's probe reports no CPU
// time: after one stopped, the next early one waits twice its wall time — 2 s, then 4 s, ...)
inline constexpr int64_t kEarlyProbeGapMs = 250;
inline constexpr int64_t kEarlyProbePatienceMs = 1000;
class ProbeSchedule {
  public:
    static int64_t nowMs();  // its clock: CLOCK_MONOTONIC, in milliseconds
    ProbeSchedule(int64_t intervalMs, int64_t timeoutMs, int64_t nowMs);
    struct Next {
        int64_t inMs;  // from now (0: due)
        bool regular;
        int64_t timeoutMs;  // how long it may run: the check's timeout, or an early probe's patience
    };
    Next next(const HealthState& state, int64_t nowMs) const;
    // timedOut: it was stopped at its Next::timeoutMs.
    void ran(bool regular, int64_t startMs, int64_t endMs, int64_t cpuMs = -1, bool timedOut = false);

  private:
    int64_t intervalMs_, timeoutMs_, regularFromMs_, lastEndMs_, lastProbeMs_ = 0, patienceMs_;
};

std::string toJson(const HealthState& state);
Result<HealthState> healthFromJson(const std::string& text);
// The container's health as its monitor last wrote it; nullopt when it has no check (or no run yet).
std::optional<HealthState> loadHealth(const std::string& id);
Status saveHealth(const std::string& id, const HealthState& state);
void clearHealth(const std::string& id);

// The monitor's checker: a thread that runs the check every interval until destroyed.
class HealthChecker {
  public:
    HealthChecker(std::string id, HealthCheck check, int64_t startedAtMs);
    ~HealthChecker();
    HealthChecker(const HealthChecker&) = delete;
    HealthChecker& operator=(const HealthChecker&) = delete;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// juxta-monitor --health-check ID: runs the check once in the container and returns its exit code.
int runHealthCheckOnce(const std::string& id);

}  // namespace juxta::runtime
