#pragma once
// The engine's value types as Qt sees them: registered so they travel through queued signals.
#include <QList>
#include <QMetaType>
#include <QString>

#include "core/instance.h"
#include "core/sample.h"
#include "metrics/host_probe.h"

namespace juxta {

struct InstanceSample {
    QString instanceId;
    MetricSample sample;
};
using SampleBatch = QList<InstanceSample>;
using SampleSeries = QList<MetricSample>;

// Registers every type above with Qt's meta-type system; call once before connecting.
void registerBridgeTypes();

}  // namespace juxta

Q_DECLARE_METATYPE(juxta::MetricSample)
Q_DECLARE_METATYPE(juxta::InstanceSample)
Q_DECLARE_METATYPE(juxta::InstanceInfo)
Q_DECLARE_METATYPE(juxta::HostCapabilities)
