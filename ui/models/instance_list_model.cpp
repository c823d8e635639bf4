#include "models/instance_list_model.h"

#include <QHash>
#include <QIcon>
#include <algorithm>
#include <utility>

#include "format.h"

namespace juxta::ui {

InstanceListModel::InstanceListModel(QObject* parent) : QAbstractTableModel(parent) {}

int InstanceListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int InstanceListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString InstanceListModel::kindName(InstanceKind kind) {
    switch (kind) {
        case InstanceKind::Host:
            return tr("Host");
        case InstanceKind::Container:
            return tr("Container");
        case InstanceKind::Vm:
            return tr("VM");
    }
    return {};
}

QString InstanceListModel::healthName(const std::string& health) {
    if (health == "healthy") return tr("healthy");
    if (health == "unhealthy") return tr("unhealthy");
    if (health == "starting") return tr("health: starting");
    return QString::fromStdString(health);
}

QString InstanceListModel::stateName(InstanceState state) {
    switch (state) {
        case InstanceState::Created:
            return tr("Created");
        case InstanceState::Starting:
            return tr("Starting");
        case InstanceState::Running:
            return tr("Running");
        case InstanceState::Paused:
            return tr("Paused");
        case InstanceState::Stopping:
            return tr("Stopping");
        case InstanceState::Exited:
            return tr("Exited");
        case InstanceState::Crashed:
            return tr("Crashed");
        case InstanceState::Unknown:
            return tr("Unknown");
    }
    return {};
}

QString InstanceListModel::displayName(const InstanceInfo& info) const {
    if (info.kind == InstanceKind::Host)
        return info.name.empty() ? tr("This host")
                                 : tr("This host (%1)").arg(QString::fromStdString(info.name));
    return QString::fromStdString(info.name.empty() ? info.id : info.name);
}

QVariant InstanceListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size() || index.column() >= ColumnCount) return {};
    const Row& r = rows_[index.row()];
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case Name:
                    return displayName(r.info);
                case Kind:
                    return kindName(r.info.kind);
                case State:
                    if (!r.info.detail.empty())
                        return tr("%1 (%2)").arg(stateName(r.info.state),
                                                 QString::fromStdString(r.info.detail));
                    if (!r.info.health.empty())
                        return tr("%1 (%2)").arg(stateName(r.info.state), healthName(r.info.health));
                    return stateName(r.info.state);
                case Cpu:
                case Memory:
                case Uptime:
                    return figureText(r, index.column());
            }
            break;
        case Qt::ToolTipRole:
            if (index.column() == Memory && r.hasSample && r.last.memoryTotal > 0)
                return tr("%1 of %2").arg(human::bytes(r.last.memoryUsed), human::bytes(r.last.memoryTotal));
            if (index.column() == State && !r.info.detail.empty())  // the column is narrower than a detail
                return data(index, Qt::DisplayRole);
            break;
        case Qt::TextAlignmentRole:
            if (index.column() >= Cpu) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            break;
        case Qt::DecorationRole:
            if (index.column() == Name) {
                // Made once: a view asks for them at every change of a row, and a QIcon made anew
                // parses its SVG anew (a tenth of the idle GUI's CPU).
                static const QIcon host(QStringLiteral(":/icons/host.svg"));
                static const QIcon container(QStringLiteral(":/icons/container.svg"));
                static const QIcon vm(QStringLiteral(":/icons/vm.svg"));
                switch (r.info.kind) {
                    case InstanceKind::Host:
                        return host;
                    case InstanceKind::Container:
                        return container;
                    case InstanceKind::Vm:
                        return vm;
                }
            }
            break;
        case InstanceIdRole:
            return QString::fromStdString(r.info.id);
        case KindRole:
            return int(r.info.kind);
        case StateRole:
            return int(r.info.state);
        case SortRole:
            switch (index.column()) {
                case Cpu:
                    return r.last.cpuPercent;
                case Memory:
                    return r.last.memoryUsed;
                case Uptime:
                    return r.info.startedAtMs > 0 ? std::max<qint64>(0, nowMs_() - r.info.startedAtMs)
                                                  : qint64(-1);
                default:
                    return data(index, Qt::DisplayRole);
            }
    }
    return {};
}

QVariant InstanceListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("Name");
        case Kind:
            return tr("Kind");
        case State:
            return tr("State");
        case Cpu:
            return tr("CPU");
        case Memory:
            return tr("Memory");
        case Uptime:
            return tr("Uptime");
    }
    return {};
}

int InstanceListModel::rowOf(const QString& id) const {
    const std::string key = id.toStdString();
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].info.id == key) return i;
    return -1;
}

QModelIndex InstanceListModel::indexOf(const QString& instanceId) const {
    int row = rowOf(instanceId);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QString InstanceListModel::instanceIdAt(int row) const {
    return row >= 0 && row < rows_.size() ? QString::fromStdString(rows_[row].info.id) : QString();
}

void InstanceListModel::upsertInstance(const InstanceInfo& info) {
    int row = rowOf(QString::fromStdString(info.id));
    if (row >= 0) {
        rows_[row].info = info;
        takeShown(rows_[row]);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // The host stays first; the others follow in the order they appeared.
    row = info.kind == InstanceKind::Host ? 0 : int(rows_.size());
    beginInsertRows({}, row, row);
    rows_.insert(row, Row{info, {}, false, {}});
    takeShown(rows_[row]);
    endInsertRows();
}

void InstanceListModel::removeInstance(const QString& instanceId) {
    int row = rowOf(instanceId);
    if (row < 0 || rows_[row].info.kind == InstanceKind::Host) return;  // the host row is always there
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    endRemoveRows();
}

QString InstanceListModel::figureText(const Row& r, int column) const {
    switch (column) {
        case Cpu:
            return r.hasSample ? human::percent(r.last.cpuPercent) : QString();
        case Memory:
            return r.hasSample ? human::bytes(r.last.memoryUsed) : QString();
        case Uptime:
            if (r.info.startedAtMs <= 0 || r.info.state != InstanceState::Running) return {};
            return human::uptime(double(std::max<qint64>(0, nowMs_() - r.info.startedAtMs)) / 1000.0);
    }
    return {};
}

bool InstanceListModel::takeShown(Row& r) {
    bool changed = false;
    for (int c = Cpu; c <= Uptime; ++c) {
        QString text = figureText(r, c);
        if (text != r.shown[c - Cpu]) r.shown[c - Cpu] = std::move(text), changed = true;
    }
    return changed;
}

void InstanceListModel::emitFiguresChanged(const QList<int>& rows) {
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1) ++j;
        emit dataChanged(index(rows[i], Cpu), index(rows[j], Uptime), {Qt::DisplayRole, SortRole});
        i = j + 1;
    }
}

void InstanceListModel::applySamples(const SampleBatch& batch) {
    QHash<QString, int> rowOfId;
    for (int i = 0; i < rows_.size(); ++i) rowOfId.insert(QString::fromStdString(rows_[i].info.id), i);
    QList<int> changed;
    for (const InstanceSample& s : batch) {
        const int row = rowOfId.value(s.instanceId, -1);
        if (row < 0) continue;
        rows_[row].last = s.sample;
        rows_[row].hasSample = true;
        if (takeShown(rows_[row])) changed.push_back(row);
    }
    std::sort(changed.begin(), changed.end());
    emitFiguresChanged(changed);
}

void InstanceListModel::refreshUptime() {
    QList<int> changed;
    for (int i = 0; i < rows_.size(); ++i)
        if (takeShown(rows_[i])) changed.push_back(i);
    emitFiguresChanged(changed);
}

}  // namespace juxta::ui
