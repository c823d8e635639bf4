#pragma once
// The runtime state of a started container: the state record every instance has
// (instances/state_record.h: state, monitor and init pids, times, the paused marker) and the
// container's own fields in the same state.json — the exit status, the cgroup and its final
// figures, the bridge address, the user namespace, the start-up timeline.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.h"
#include "instances/state_record.h"
#include "runtime/container.h"

namespace juxta::runtime {

struct ContainerState : instances::StateRecord {
    std::optional<ExitStatus> exit;                       // the workload's, once the monitor recorded it
    std::filesystem::path cgroupRoot = "/sys/fs/cgroup";  // empty: no cgroup (a rootless container)
    std::string address;                                  // on the Juxta bridge (--net bridge), else empty
    std::string userNamespace;  // rootless: its id mapping ("uid 0 → 1000, ..."), else empty
    std::string timelineJson;   // PhaseTimeline::toJson() of the last start
    // The cgroup's figures as the container ended (the cgroup goes with it): peak memory, CPU.
    std::optional<CgroupStats> finalStats;
};

inline bool hasCgroup(const ContainerState& s) {
    return !s.cgroupRoot.empty();
}

inline std::filesystem::path stateDirOf(const std::string& id) {  // runtimeDir()/containers/<id>
    return instances::runDirOf(InstanceKind::Container, id);
}
inline std::filesystem::path logFileOf(const std::string& id) {  // stateDir()/containers/<id>.log
    return instances::logFileOf(InstanceKind::Container, id);
}
// The console socket (instances/console/protocol.h) of a container made with -t, while it runs.
inline std::filesystem::path consoleSocketOf(const std::string& id) {
    return instances::consoleSocketOf(InstanceKind::Container, id);
}

Status saveState(const std::string& id, const ContainerState& state);
// Created when nothing was ever written; Running becomes Crashed when the monitor died without
// recording an exit (killed, or the host rebooted), Paused when the marker is there.
ContainerState loadState(const std::string& id);

}  // namespace juxta::runtime
