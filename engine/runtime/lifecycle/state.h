#pragma once
// The runtime state of a started instance, written by its monitor under
// paths::runtimeDir()/containers/<id>/state.json (atomically): running or exited, the pids, the
// exit status, the start-up timeline. A "paused" marker file sits beside it while frozen.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.h"
#include "runtime/container.h"

namespace juxta::runtime {

enum class RunState { Created, Running, Paused, Exited };
std::string_view toString(RunState state);

struct InstanceState {
    RunState state = RunState::Created;
    pid_t monitorPid = 0;
    pid_t pid = 0;                                        // the container's init, in the host's pid namespace
    std::filesystem::path cgroupRoot = "/sys/fs/cgroup";  // empty: no cgroup (a rootless container)
    int64_t startedAtMs = 0;
    int64_t finishedAtMs = 0;
    std::optional<ExitStatus> exit;
    std::string address;        // on the Juxta bridge (--net bridge), else empty
    std::string userNamespace;  // rootless: its id mapping ("uid 0 → 1000, ..."), else empty
    std::string timelineJson;   // PhaseTimeline::toJson() of the last start
    // The cgroup's figures as the container ended (the cgroup goes with it): peak memory, CPU.
    std::optional<CgroupStats> finalStats;
};

inline bool hasCgroup(const InstanceState& s) {
    return !s.cgroupRoot.empty();
}

std::filesystem::path stateDirOf(const std::string& id);  // runtimeDir()/containers/<id>
std::filesystem::path logFileOf(const std::string& id);   // stateDir()/containers/<id>.log
// The console socket (core/console/protocol.h) of a container made with -t, while it runs.
std::filesystem::path consoleSocketOf(const std::string& id);  // stateDirOf(id)/console.sock

Status saveState(const std::string& id, const InstanceState& state);
// Created when nothing was ever written; Running becomes Exited when the monitor died without
// recording an exit (a crash or a reboot), Paused when the marker is there.
InstanceState loadState(const std::string& id);
int64_t wallClockMs();

}  // namespace juxta::runtime
