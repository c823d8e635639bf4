#include "models/series_store.h"

#include "models/metric_series_model.h"

namespace juxta::ui {

SeriesStore::SeriesStore(int capacity, QObject* parent) : QObject(parent), capacity_(capacity) {}

MetricSeriesModel* SeriesStore::modelFor(const QString& instanceId) {
    if (auto* m = models_.value(instanceId)) return m;
    auto* m = new MetricSeriesModel(instanceId, capacity_, this);
    models_.insert(instanceId, m);
    emit historyWanted(instanceId);
    return m;
}

void SeriesStore::forget(const QString& instanceId) {
    delete models_.take(instanceId);
}

void SeriesStore::applySamples(const SampleBatch& batch) {
    for (const InstanceSample& s : batch)
        if (auto* m = models_.value(s.instanceId)) m->append(s.sample);
}

void SeriesStore::applyHistory(const QString& instanceId, const SampleSeries& history) {
    auto* m = models_.value(instanceId);
    if (!m) return;
    // Live samples may have arrived while the history was on its way: keep those newer than it.
    SampleSeries merged = history;
    const qint64 last = history.isEmpty() ? 0 : history.last().timeMs;
    for (int row = 0; row < m->rowCount(); ++row)
        if (m->sampleAt(row).timeMs > last) merged.push_back(m->sampleAt(row));
    m->resetTo(merged);
}

}  // namespace juxta::ui
