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
    // A health check's status ("healthy", "unhealthy", "starting"), translated.
    static QString healthName(const std::string& health);

  public slots:
    void upsertInstance(const juxta::InstanceInfo& info);
    void removeInstance(const QString& instanceId);
    void applySamples(const juxta::SampleBatch& batch);
    void refreshUptime();  // a timer calls this once a second; rows whose uptime text changed are redrawn

  private:
    struct Row {
        InstanceInfo info;
        MetricSample last;
        bool hasSample = false;
        QString shown[3];  // the CPU, memory and uptime texts the view was last told of
    };
    int rowOf(const QString& id) const;
    QString displayName(const InstanceInfo& info) const;
    QString figureText(const Row& r, int column) const;  // Cpu, Memory or Uptime
    // Takes the row's figure texts as shown; true when one of them differs from what was.
    bool takeShown(Row& r);
    // One dataChanged (CPU to uptime) for each run of consecutive rows: a view redraws those cells,
    // and an idle instance's row, whose texts stayed the same, not at all.
    void emitFiguresChanged(const QList<int>& rows);

    QList<Row> rows_;
    std::function<qint64()> nowMs_ = [] { return QDateTime::currentMSecsSinceEpoch(); };
};

}  // namespace juxta::ui
