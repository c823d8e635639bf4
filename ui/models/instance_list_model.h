#pragma once
// The instance list: one row per instance (the host always first), columns name, kind, state, CPU,
// memory, uptime. Fed by the engine's signals; the view never asks the engine anything.
#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include "bridge/types.h"

namespace juxta::ui {

class InstanceListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Name, Kind, State, Cpu, Memory, Uptime, ColumnCount };
    enum Role { InstanceIdRole = Qt::UserRole + 1, KindRole, StateRole, SortRole };

    explicit InstanceListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOf(const QString& instanceId) const;
    QString instanceIdAt(int row) const;

    // What "now" is for the uptime column; tests fix it.
    void setClock(std::function<qint64()> nowMs) { nowMs_ = std::move(nowMs); }

    static QString kindName(InstanceKind kind);
    static QString stateName(InstanceState state);

  public slots:
    void upsertInstance(const juxta::InstanceInfo& info);
    void removeInstance(const QString& instanceId);
    void applySamples(const juxta::SampleBatch& batch);
    void refreshUptime();  // a timer calls this once a second; a no-op when samples came since the last

  private:
    struct Row {
        InstanceInfo info;
        MetricSample last;
        bool hasSample = false;
    };
    int rowOf(const QString& id) const;
    QString displayName(const InstanceInfo& info) const;

    QList<Row> rows_;
    std::function<qint64()> nowMs_ = [] { return QDateTime::currentMSecsSinceEpoch(); };
    bool sampledSinceUptimeTick_ = false;
};

}  // namespace juxta::ui
