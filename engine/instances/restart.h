#pragma once
// Restart policies, for every kind of instance, as Docker and Compose have them: `no`, `always`,
// `unless-stopped` and `on-failure[:N]`. The instance's monitor applies its policy once the end is
// on record (restartAfterEnd): an instance that ended by itself — never one a stop or a remove
// ended — is started again after a back-off that doubles from 200 ms to 30 s (reset once a run
// lasted 10 s); `on-failure` only after a non-zero end, at most N times in a row. Between the end
// and the new start the record says the end ("exited 1"); `restarts` beside it counts the restarts.
//
// A stop or a remove marks the instance first (noteStopAsked), and a restart checks the mark and
// starts under the same lock (runDirOf(kind, id)/restart.lock): a remove that comes during a
// back-off stops it, one that comes during the new start waits for it and then ends the new run.
#include <chrono>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "instances/lifecycle.h"

namespace juxta::instances {

struct RestartPolicy {
    enum class Mode { No, Always, UnlessStopped, OnFailure } mode = Mode::No;
    int maxRetries = 0;  // on-failure:N; 0: no limit
};
// "no", "always", "unless-stopped", "on-failure", "on-failure:N" (N 1 to 1000000). EINVAL otherwise.
Result<RestartPolicy> parseRestartPolicy(const std::string& text);
std::string toString(const RestartPolicy& policy);

// Before a stop or remove ends it: no restart policy brings it back (until the next start).
void noteStopAsked(InstanceKind kind, const std::string& id);
// A start clears the mark (and the count).
void clearStopAsked(InstanceKind kind, const std::string& id);
// How many times its policy has restarted it since it last ran 10 s (0 when never).
int restartCount(InstanceKind kind, const std::string& id);
// Whether its monitor is waiting out a back-off to start it again (`ps`: "exited 1 (restarting)").
bool restartPending(InstanceKind kind, const std::string& id);

// Its monitor, once the end is on record: when the policy says so, waits out the back-off and
// starts it again through `kind` (a new monitor); true when that start succeeded. `exitCode` is
// the end as a shell says it (0: success), `ranFor` how long the run lasted.
bool restartAfterEnd(const Kind& kind, const std::string& id, const RestartPolicy& policy, int exitCode,
                     std::chrono::milliseconds ranFor);

}  // namespace juxta::instances
