#include "bridge/instance_source.h"

namespace juxta {
namespace {

bool sameInfo(const InstanceInfo& a, const InstanceInfo& b) {
    return a.state == b.state && a.detail == b.detail && a.startedAtMs == b.startedAtMs && a.name == b.name &&
           a.timelineJson == b.timelineJson;
}

}  // namespace

InstanceSource::Tick InstanceSource::poll(int64_t nowMs) {
    Tick tick;
    auto readings = read(nowMs);
    if (!readings) {
        tick.error = QString::fromStdString(readings.error().message());
        return tick;
    }
    QSet<QString> seen;
    for (const Reading& r : *readings) {
        const QString id = QString::fromStdString(r.info.id);
        seen.insert(id);
        auto it = known_.find(id);
        if (it == known_.end()) {
            it = known_.insert(id, Known{r.info, RateTracker(hostCpus_)});
            tick.changed.push_back(r.info);
        } else if (!sameInfo(it->info, r.info)) {
            it->info = r.info;
            tick.changed.push_back(r.info);
        }
        if (r.counters) tick.samples.push_back(InstanceSample{id, it->rates.next(*r.counters)});
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
