#pragma once
// Detached containers: what `juxtactl create/start/stop/kill/pause/resume/rm/ps/logs` and the
// GUI use. Definitions (definition.h) say what a container is; the monitor (monitor.h) runs it;
// state files (state.h) say how it is doing. startInstance() posix_spawns the monitor, which
// forks and starts the container, so every function here may be called from any process and
// thread (the GUI's lifecycle thread calls them), except execInInstance(), whose caller's later
// children are born in the container: call that from a process that exits (juxtactl exec).
#include <chrono>
#include <string>
#include <vector>

#include "core/error.h"
#include "runtime/cgroup.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/state.h"

namespace juxta::runtime {

struct InstanceStatus {
    InstanceDefinition definition;
    ContainerState state;
    std::string describe() const;  // "running", "paused", "exited 0", "OOM-killed (memory limit)"
};

// Validates, makes the writable layer, writes the definition. Nothing is left on failure.
Result<InstanceDefinition> createInstance(const ContainerSpec& spec, const std::string& image);
// Starts it under a new monitor; returns once the workload is exec'd.
Status startInstance(const std::string& id);
// SIGTERM, then SIGKILL after the timeout; returns once the monitor recorded the exit.
Status stopInstance(const std::string& id, std::chrono::milliseconds timeout = std::chrono::seconds(10));
Status killInstance(const std::string& id, int signal);
// stop (when running) then start again, from the same definition and writable layer.
Status restartInstance(const std::string& id, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Runs args inside the running instance in the foreground (exec.h): its namespaces, cgroup,
// hardening, env, cwd and user; terminal gives it a pty. Returns its exit status. The caller's
// later children are born in the container's pid namespace: call it from a process that exits.
Result<ExitStatus> execInInstance(const std::string& id, const std::vector<std::string>& args, bool terminal);
Status pauseInstance(const std::string& id);
Status resumeInstance(const std::string& id);
// Live statistics from the cgroup of a running instance.
Result<CgroupStats> instanceStats(const std::string& id);
// Removes the definition, writable layer, state and log. A running one needs force (killed first).
Status removeInstance(const std::string& id, bool force);
Result<InstanceStatus> instanceStatus(const std::string& id);
Result<std::vector<InstanceStatus>> listInstances();

}  // namespace juxta::runtime
