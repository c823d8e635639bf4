#pragma once
// The UI's plot data: one MetricSeriesModel per instance, made when a view first asks for it. A new
// model is filled with the engine's history (historyWanted -> applyHistory), so a view opened late
// still shows the past; afterwards it follows the live batches.
#include <QHash>
#include <QObject>

#include "bridge/types.h"

namespace juxta::ui {

class MetricSeriesModel;

class SeriesStore : public QObject {
    Q_OBJECT
  public:
    // Room for 30 days of recorded history (1 s points for an hour, 15 s for a day, 5 min for the
    // rest: metrics/ring_file.h) and the live samples after it.
    static constexpr int kMonthOfHistory = 3600 + 5760 + 8640 + 4000;
    explicit SeriesStore(int capacity = 4000, QObject* parent = nullptr);

    MetricSeriesModel* modelFor(const QString& instanceId);
    MetricSeriesModel* existingModel(const QString& instanceId) const { return models_.value(instanceId); }
    void forget(const QString& instanceId);

  public slots:
    void applySamples(const juxta::SampleBatch& batch);
    void applyHistory(const QString& instanceId, const juxta::SampleSeries& history);

  signals:
    void historyWanted(const QString& instanceId);

  private:
    int capacity_;
    QHash<QString, MetricSeriesModel*> models_;
};

}  // namespace juxta::ui
