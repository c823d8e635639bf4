#pragma once
// The containers as the engine thread sees them: each tick it reads the runtime's definitions and
// state files (so containers started by juxtactl, or before the GUI started, show up too), reports
// what appeared, changed or went away, and samples every running one's cgroup.
#include <QHash>
#include <QSet>
#include <QStringList>

#include "bridge/types.h"
#include "metrics/counter_rates.h"

namespace juxta {

class ContainerSource {
public:
    struct Tick {
        QList<InstanceInfo> changed;  // new, or different from the last tick
        QStringList removed;
        SampleBatch samples;
        QString error;  // the runtime's state could not be read
    };

    explicit ContainerSource(int hostCpus);
    Tick poll(int64_t nowMs);

private:
    struct Known {
        InstanceInfo info;
        RateTracker rates;
    };
    int hostCpus_;
    QHash<QString, Known> known_;
};

// "memory 256 MiB · 1.5 CPUs · 128 tasks" ("" without limits).
std::string describeLimits(int64_t memoryBytes, double cpus, int64_t pids);

}  // namespace juxta
