#pragma once
// What every instance has, whatever runs it: an id, a kind, a state, and when it started.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/labels.h"

namespace juxta {

enum class InstanceKind { Host, Container, Vm };
enum class InstanceState { Created, Starting, Running, Paused, Stopping, Exited, Crashed, Unknown };

std::string toString(InstanceKind kind);  // "host", "container", "vm"
// EINVAL with the accepted names for anything else.
Result<InstanceKind> instanceKindFromString(std::string_view name);
std::string_view toString(InstanceState state);  // "created", "running", ...

struct InstanceInfo {
    std::string id;  // stable, unique: "host" for the host itself
    std::string name;
    InstanceKind kind = InstanceKind::Host;
    InstanceState state = InstanceState::Unknown;
    int64_t startedAtMs = 0;  // wall clock (ms since the epoch) of the last start; 0 = not started
    std::string detail;       // one line shown next to the state, e.g. "exited 3", "PVM host"
    std::string health;       // a running container's health check: "starting", "healthy", "unhealthy"
    // What it runs, for the Overview: image (or kernel), command line, limits in words.
    std::string image;
    std::string command;
    std::string limits;
    std::string mounts;  // a container's volumes and host directories: "volume data → /var/lib/db · …"
    std::string devices;  // a VM's devices: "serial console · agent channel · vda: /x.raw (read-only) · …"
    double cpuLimitCores = 0;  // a container's --cpus or a VM's vCPUs; 0: none (all the host's cores)
    std::string timelineJson;  // PhaseTimeline::toJson() of the last start, or empty
    bool hasConsole = false;   // an interactive terminal one can attach to
    Labels labels;             // core/labels.h: a compose project's instances carry its name
};

// The compose project an instance belongs to (its kComposeProjectLabel, when that is a project's
// name), or empty.
inline std::string projectOf(const InstanceInfo& info) {
    std::string project = labelValue(info.labels, kComposeProjectLabel);
    return isComposeProjectName(project) ? project : std::string();
}

}  // namespace juxta
