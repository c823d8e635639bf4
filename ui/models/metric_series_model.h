#pragma once
// One instance's sample history as a table: a row per sample (oldest first), a column per metric.
// Charts follow it through rowsInserted / rowsRemoved / modelReset, so plot data lives here and the
// views only draw. Bounded: past capacity the oldest rows are removed.
#include <QAbstractTableModel>
#include <QList>

#include "bridge/types.h"

namespace juxta::ui {

class MetricSeriesModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        Time,
        Cpu,
        MemoryUsed,
        MemoryCached,
        MemoryTotal,
        DiskRead,
        DiskWrite,
        NetRx,
        NetTx,
        VmExits,
        ColumnCount
    };
    enum Role { ValueRole = Qt::UserRole + 1 };  // the raw double (time: seconds since the epoch)

    explicit MetricSeriesModel(QString instanceId, int capacity = 4000, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const QString& instanceId() const { return instanceId_; }
    const MetricSample& sampleAt(int row) const { return samples_[row]; }
    int capacity() const { return capacity_; }
    static double value(const MetricSample& s, Column column);

  public slots:
    void append(const juxta::MetricSample& sample);
    void resetTo(const juxta::SampleSeries& history);

  private:
    QString instanceId_;
    int capacity_;
    QList<MetricSample> samples_;
};

}  // namespace juxta::ui
