#include "bridge/vm_source.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/format.h"
#include "core/log.h"
#include "vmm/lifecycle/vm_lifecycle.h"

namespace juxta {
namespace {

InstanceState toInstanceState(vmm::VmRunState s) {
    switch (s) {
        case vmm::VmRunState::Created:
            return InstanceState::Created;
        case vmm::VmRunState::Running:
            return InstanceState::Running;
        case vmm::VmRunState::Paused:
            return InstanceState::Paused;
        case vmm::VmRunState::Exited:
            return InstanceState::Exited;
        case vmm::VmRunState::Crashed:
            return InstanceState::Crashed;
    }
    return InstanceState::Unknown;
}

InstanceInfo toInfo(const vmm::VmStatus& status) {
    const vmm::VmDefinition& d = status.definition;
    InstanceInfo info;
    info.id = d.id;
    info.name = d.name.empty() ? d.id : d.name;
    info.kind = InstanceKind::Vm;
    info.state = toInstanceState(status.state.state);
    if (info.state == InstanceState::Exited || info.state == InstanceState::Crashed)
        info.detail = vmm::describe(status.state);
    info.startedAtMs = status.state.startedAtMs;
    info.image = d.image.empty() ? d.kernel : d.image;
    info.command = d.cmdline;
    info.limits = format::bytes(double(d.memoryMiB << 20)) + " · " + std::to_string(d.vcpus) +
                  (d.vcpus == 1 ? " vCPU" : " vCPUs");
    info.hasConsole = true;
    return info;
}

}  // namespace

Result<std::vector<InstanceSource::Reading>> VmSource::read(int64_t nowMs) {
    auto list = vmm::listVms();
    if (!list) return list.error();
    std::vector<Reading> out;
    for (const vmm::VmStatus& status : *list) {
        Reading r{toInfo(status), std::nullopt};
        if (status.state.startedAtMs > 0)
            if (auto timeline = vmm::vmTimelineJson(r.info.id)) r.info.timelineJson = *timeline;
        if (r.info.state == InstanceState::Running || r.info.state == InstanceState::Paused) {
            if (auto stats = vmm::vmStats(r.info.id)) {
                ResourceCounters c;
                c.timeMs = nowMs;
                c.cpuNs = int64_t(stats->value("vmm_cpu_ms", 0.0) * 1e6);
                c.memoryUsed = stats->value("vmm_rss_bytes", 0.0);
                c.memoryLimit = double(status.definition.memoryMiB << 20);
                r.counters = c;
            } else {  // it may have ended between the list and the call: the next tick says so
                log::get("metrics")->debug("stats of VM {}: {}", r.info.id, stats.error().message());
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace juxta
