#pragma once
// Instances of one kind as the engine thread sees them. Each tick a source reads its kind's
// definitions and state files (so instances started by juxtactl, or before the GUI started, show
// up too); poll() reports what appeared, changed or went away, and turns the cumulative counters
// of every running one into rates.
#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>
#include <optional>
#include <vector>

#include "bridge/types.h"
#include "core/error.h"
#include "metrics/counter_rates.h"

namespace juxta {

class InstanceSource {
  public:
    struct Tick {
        QList<InstanceInfo> changed;  // new, or different from the last tick
        QStringList removed;
        SampleBatch samples;
        QString error;  // the kind's state could not be read
    };
    // One instance now: what it is, and its counters when it runs and they could be read.
    struct Reading {
        InstanceInfo info;
        std::optional<ResourceCounters> counters;
    };

    explicit InstanceSource(int hostCpus) : hostCpus_(hostCpus) {}
    virtual ~InstanceSource() = default;
    Tick poll(int64_t nowMs);

  protected:
    virtual Result<std::vector<Reading>> read(int64_t nowMs) = 0;

  private:
    struct Known {
        InstanceInfo info;
        RateTracker rates;
    };
    int hostCpus_;
    QHash<QString, Known> known_;
};

}  // namespace juxta
