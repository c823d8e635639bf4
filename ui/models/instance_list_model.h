#pragma once
// The instance list: the host first, then each instance, columns name, kind, state, CPU, memory,
// uptime. A compose project's instances (their kComposeProjectLabel, core/labels.h) are the
// children of one row for the project, whose state counts its services and whose CPU and memory
// are theirs together. Fed by the engine's signals; the view never asks the engine anything.
#include <QAbstractItemModel>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include "bridge/types.h"

namespace juxta::ui {

class InstanceListModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Column { Name, Kind, State, Cpu, Memory, Uptime, ColumnCount };
    // InstanceIdRole is empty on a project's row; ProjectRole names the project on its row and on
    // its instances' rows.
    enum Role { InstanceIdRole = Qt::UserRole + 1, KindRole, StateRole, SortRole, ProjectRole };

    explicit InstanceListModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // An instance's row, wherever it is (at the top, or under its project).
    QModelIndex indexOf(const QString& instanceId) const;
    QModelIndex indexOfProject(const QString& project) const;
    // The instance on top-level row `row` (empty for a project's row).
    QString instanceIdAt(int row) const;
    // A project's instances, in the order they appeared.
    QStringList membersOf(const QString& project) const;
    // The compose file a project's instances were made from (kComposeFileLabel), or empty.
    QString composeFileOf(const QString& project) const;

    // What "now" is for the uptime column; tests fix it.
    void setClock(std::function<qint64()> nowMs) { nowMs_ = std::move(nowMs); }

    static QString kindName(InstanceKind kind);
    static QString stateName(InstanceState state);
    static QString projectKindName();
    static QString projectStateText(int running, int services);  // "3 of 4 running"
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
        QString project;  // projectOf(info)
        MetricSample last;
        bool hasSample = false;
        QString shown[3];  // the CPU, memory and uptime texts the view was last told of
    };
    struct Group {
        QString project;
        QStringList members;  // instance ids, in the order they appeared
        quintptr key = 0;     // its children's internalId: stable while the group lives
    };
    // The top level: the host, instances of no project and projects, in the order they appeared.
    struct Top {
        bool group = false;
        QString id;  // an instance id, or a project
    };
    int rowOf(const QString& id) const;  // in rows_
    int topRowOf(bool group, const QString& id) const;
    int groupOf(const QString& project) const;  // in groups_
    int groupOfKey(quintptr key) const;
    const Row* rowAt(const QModelIndex& index) const;      // an instance's row, or null
    const Group* groupAt(const QModelIndex& index) const;  // a project's row, or null
    QVariant instanceData(const Row& r, int column, int role) const;
    QVariant groupData(const Group& g, int column, int role) const;
    QString displayName(const InstanceInfo& info) const;
    QString figureText(const Row& r, int column) const;  // Cpu, Memory or Uptime
    // Takes the row's figure texts as shown; true when one of them differs from what was.
    bool takeShown(Row& r);
    void insertInstance(const InstanceInfo& info);
    void eraseInstance(int row);
    // One dataChanged (CPU to uptime) for each run of consecutive rows under one parent: a view
    // redraws those cells, and an idle instance's row, whose texts stayed the same, not at all; and
    // one for each project whose instances' figures changed.
    void emitFiguresChanged(const QStringList& ids);

    QList<Row> rows_;
    QList<Group> groups_;
    QList<Top> top_;
    quintptr nextKey_ = 1;
    std::function<qint64()> nowMs_ = [] { return QDateTime::currentMSecsSinceEpoch(); };
};

}  // namespace juxta::ui
