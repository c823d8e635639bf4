#include "bridge/container_source.h"

#include <cstdio>

#include "core/format.h"
#include "runtime/lifecycle/counters.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/volumes.h"
#include "runtime/network.h"

namespace juxta {
namespace {

// Its volumes (by name; an anonymous one by its first 12 digits) and host directories, in words.
std::string describeMounts(const runtime::ContainerSpec& spec) {
    std::string out;
    for (const auto& m : spec.mounts) {
        std::string from;
        if (m.kind == runtime::MountSpec::Kind::Tmpfs) {
            from = "tmpfs";
        } else if (auto name = runtime::volumeNameOf(m)) {
            from = "volume " + (name->size() == 64 ? name->substr(0, 12) : *name);
        } else {
            from = m.source.string();
        }
        out += (out.empty() ? "" : " · ") + from + " → " + m.destination + (m.readOnly ? " (read-only)" : "");
    }
    return out;
}

InstanceInfo toInfo(const runtime::InstanceStatus& status) {
    const runtime::ContainerSpec& spec = status.definition.spec;
    InstanceInfo info;
    info.id = spec.id;
    info.name = spec.name.empty() ? spec.id : spec.name;
    info.kind = InstanceKind::Container;
    info.state = status.state.state;
    if (info.state == InstanceState::Exited || info.state == InstanceState::Crashed)
        info.detail = status.describe();
    if (status.health) info.health = runtime::toString(status.health->status);
    info.startedAtMs = status.state.startedAtMs;
    info.image = status.definition.image;
    for (const auto& a : spec.args) info.command += (info.command.empty() ? "" : " ") + a;
    const auto& l = spec.limits;
    info.limits = describeLimits(l.memoryBytes.value_or(0), l.cpus.value_or(0), l.pidsMax.value_or(0));
    info.mounts = describeMounts(spec);
    info.cpuLimitCores = l.cpus.value_or(0);
    info.timelineJson = status.state.timelineJson;
    info.hasConsole = spec.terminal;
    info.labels = spec.labels;
    return info;
}

}  // namespace

std::string describeLimits(int64_t memoryBytes, double cpus, int64_t pids) {
    std::string out;
    const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : " · ") + part; };
    if (memoryBytes > 0) add("memory " + format::bytes(double(memoryBytes)));
    if (cpus > 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g CPUs", cpus);
        add(buf);
    }
    if (pids > 0) add(std::to_string(pids) + " tasks");
    return out;
}

Result<InstanceSource::Loaded> ContainerSource::load(const std::string& id, int64_t) {
    auto status = runtime::instanceStatus(id);
    if (!status) return status.error();
    return Loaded{toInfo(*status), status->definition.createdAtMs, false, status->state.monitorPid};
}

Result<ResourceCounters> ContainerSource::counters(const std::string& id, int64_t nowMs) {
    auto definition = runtime::loadDefinition(id);
    if (!definition) return definition.error();
    auto stats = runtime::instanceStats(id);
    if (!stats) return stats.error();
    const auto links = runtime::linkBytes();
    const auto link = links.find(runtime::hostLinkName(id));
    return runtime::containerCounters(*stats, definition->spec.limits, nowMs,
                                      link != links.end() ? &link->second : nullptr);
}

}  // namespace juxta
