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
