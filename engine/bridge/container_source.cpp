#include "bridge/container_source.h"

#include <cstdio>

#include "core/format.h"
#include "core/log.h"
#include "runtime/lifecycle/lifecycle.h"

namespace juxta {
namespace {

InstanceState toInstanceState(runtime::RunState s) {
    switch (s) {
        case runtime::RunState::Created: return InstanceState::Created;
        case runtime::RunState::Running: return InstanceState::Running;
        case runtime::RunState::Paused: return InstanceState::Paused;
        case runtime::RunState::Exited: return InstanceState::Exited;
    }
    return InstanceState::Unknown;
}

InstanceInfo toInfo(const runtime::InstanceStatus& status) {
    const runtime::ContainerSpec& spec = status.definition.spec;
    InstanceInfo info;
    info.id = spec.id;
    info.name = spec.name.empty() ? spec.id : spec.name;
    info.kind = InstanceKind::Container;
    info.state = toInstanceState(status.state.state);
    if (info.state == InstanceState::Exited) info.detail = status.describe();
    info.startedAtMs = status.state.startedAtMs;
    info.image = status.definition.image;
    for (const auto& a : spec.args) info.command += (info.command.empty() ? "" : " ") + a;
    const auto& l = spec.limits;
    info.limits = describeLimits(l.memoryBytes.value_or(0), l.cpus.value_or(0), l.pidsMax.value_or(0));
    info.timelineJson = status.state.timelineJson;
    info.hasConsole = spec.terminal;
    return info;
}

bool sameInfo(const InstanceInfo& a, const InstanceInfo& b) {
    return a.state == b.state && a.detail == b.detail && a.startedAtMs == b.startedAtMs && a.name == b.name &&
           a.timelineJson == b.timelineJson;
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

ContainerSource::ContainerSource(int hostCpus) : hostCpus_(hostCpus) {}

ContainerSource::Tick ContainerSource::poll(int64_t nowMs) {
    Tick tick;
    auto list = runtime::listInstances();
    if (!list) {
        tick.error = QString::fromStdString(list.error().message());
        return tick;
    }
    QSet<QString> seen;
    for (const runtime::InstanceStatus& status : *list) {
        InstanceInfo info = toInfo(status);
        const QString id = QString::fromStdString(info.id);
        seen.insert(id);
        auto it = known_.find(id);
        if (it == known_.end()) {
            it = known_.insert(id, Known{info, RateTracker(hostCpus_)});
            tick.changed.push_back(info);
        } else if (!sameInfo(it->info, info)) {
            it->info = info;
            tick.changed.push_back(info);
        }
        if (info.state != InstanceState::Running && info.state != InstanceState::Paused) continue;
        auto stats = runtime::instanceStats(info.id);
        if (!stats) {  // it may have exited between the list and the read: the next tick says so
            log::get("metrics")->debug("stats of container {}: {}", info.id, stats.error().message());
            continue;
        }
        const auto& l = status.definition.spec.limits;
        ResourceCounters c;
        c.timeMs = nowMs;
        c.cpuNs = stats->cpuUsageNs;
        c.memoryUsed = double(stats->memoryCurrent);
        c.memoryLimit = double(l.memoryBytes.value_or(0));
        c.diskReadBytes = uint64_t(stats->ioReadBytes);
        c.diskWriteBytes = uint64_t(stats->ioWriteBytes);
        tick.samples.push_back(InstanceSample{id, it->rates.next(c)});
    }
    for (auto it = known_.begin(); it != known_.end();) {
        if (seen.contains(it.key())) {
            ++it;
        } else {
            tick.removed.push_back(it.key());
            it = known_.erase(it);
        }
    }
    return tick;
}

}  // namespace juxta
