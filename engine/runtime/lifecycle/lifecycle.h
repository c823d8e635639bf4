#pragma once
// Detached containers: what `juxtactl create/start/stop/kill/pause/resume/rm/ps/logs` and the
// GUI use. Definitions (definition.h) say what a container is; the monitor (monitor.h) runs it;
// state files (state.h) say how it is doing. Starting one posix_spawns the monitor, which
// forks and starts the container, so every function here may be called from any process and
// thread (the GUI's lifecycle thread calls them), except execInInstance(), whose caller's later
// children are born in the container: call that from a process that exits (juxtactl exec).
#include <chrono>
#include <string>
#include <vector>

#include "core/error.h"
#include "instances/lifecycle.h"
#include "runtime/cgroup.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/state.h"

namespace juxta::runtime {

struct InstanceStatus {
    InstanceDefinition definition;
    ContainerState state;
    std::optional<HealthState> health;  // a running one with a health check, as its monitor wrote
    bool restarting = false;            // ended, its restart policy's back-off under way
    // "running", "running (healthy)", "paused", "exited 0", "exited 1 (restarting)",
    // "OOM-killed (memory limit)"
    std::string describe() const;
};

// Validates, makes the writable layer, writes the definition. Nothing is left on failure: not the
// layer, nor the volumes resolveRequest made for spec.id. A spec without an on-disk layer (run
// --rm) is defined as ephemeral: its monitor removes it when it ends.
// `restart`: its restart policy (instances/restart.h; EINVAL for one that is not, or with --rm).
Result<InstanceDefinition> createInstance(const ContainerSpec& spec, const std::string& image,
                                          std::optional<HealthCheck> health = std::nullopt,
                                          const std::string& restart = "no");
// Start, stop, restart, pause, resume and remove are the shared lifecycle's
// (instances/lifecycle.h), called with containers(). stop sends SIGTERM, then SIGKILL.
const instances::Kind& containers();
// A signal to the container's init (never to a recycled pid).
Status killInstance(const std::string& id, int signal);
// Runs args inside the running instance in the foreground (exec.h): its namespaces, cgroup,
// hardening, env, cwd and user; terminal gives it a pty. Returns its exit status. The caller's
// later children are born in the container's pid namespace: call it from a process that exits.
Result<ExitStatus> execInInstance(const std::string& id, const std::vector<std::string>& args, bool terminal);
// Live statistics from the cgroup of a running instance.
Result<CgroupStats> instanceStats(const std::string& id);
Result<InstanceStatus> instanceStatus(const std::string& id);
Result<std::vector<InstanceStatus>> listInstances();

}  // namespace juxta::runtime
