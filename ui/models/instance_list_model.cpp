#include "models/instance_list_model.h"

#include <QHash>
#include <QIcon>
#include <QSet>
#include <algorithm>
#include <utility>

#include "format.h"

namespace juxta::ui {

InstanceListModel::InstanceListModel(QObject* parent) : QAbstractItemModel(parent) {}

QModelIndex InstanceListModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || row < 0) return {};
    if (!parent.isValid()) return row < top_.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    const Group* g = groupAt(parent);
    if (!g || row >= g->members.size()) return {};
    return createIndex(row, column, g->key);
}

QModelIndex InstanceListModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    const int g = groupOfKey(child.internalId());
    if (g < 0) return {};
    const int top = topRowOf(true, groups_[g].project);
    return top < 0 ? QModelIndex() : createIndex(top, 0, quintptr(0));
}

int InstanceListModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return int(top_.size());
    if (parent.column() != 0) return 0;
    const Group* g = groupAt(parent);
    return g ? int(g->members.size()) : 0;
}

int InstanceListModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
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

QString InstanceListModel::projectKindName() {
    return tr("Compose project");
}

QString InstanceListModel::projectStateText(int running, int services) {
    return tr("%1 of %2 running").arg(running).arg(services);
}

const InstanceListModel::Row* InstanceListModel::rowAt(const QModelIndex& index) const {
    if (!index.isValid() || index.column() >= ColumnCount) return nullptr;
    QString id;
    if (index.internalId() == 0) {
        if (index.row() >= top_.size() || top_[index.row()].group) return nullptr;
        id = top_[index.row()].id;
    } else {
        const int g = groupOfKey(index.internalId());
        if (g < 0 || index.row() >= groups_[g].members.size()) return nullptr;
        id = groups_[g].members[index.row()];
    }
    const int row = rowOf(id);
    return row < 0 ? nullptr : &rows_[row];
}

const InstanceListModel::Group* InstanceListModel::groupAt(const QModelIndex& index) const {
    if (!index.isValid() || index.internalId() != 0 || index.row() >= top_.size() || !top_[index.row()].group)
        return nullptr;
    const int g = groupOf(top_[index.row()].id);
    return g < 0 ? nullptr : &groups_[g];
}

QVariant InstanceListModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::TextAlignmentRole)  // figures to the right, on every row
        return index.isValid() && index.column() >= Cpu ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                        : QVariant();
    if (const Row* r = rowAt(index)) return instanceData(*r, index.column(), role);
    if (const Group* g = groupAt(index)) return groupData(*g, index.column(), role);
    return {};
}

QVariant InstanceListModel::instanceData(const Row& r, int column, int role) const {
    switch (role) {
        case Qt::DisplayRole:
            switch (column) {
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
                    return figureText(r, column);
            }
            break;
        case Qt::ToolTipRole:
            if (column == Memory && r.hasSample && r.last.memoryTotal > 0)
                return tr("%1 of %2").arg(human::bytes(r.last.memoryUsed), human::bytes(r.last.memoryTotal));
            if (column == State && !r.info.detail.empty())  // the column is narrower than a detail
                return instanceData(r, column, Qt::DisplayRole);
            break;
        case Qt::DecorationRole:
            if (column == Name) {
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
        case ProjectRole:
            return r.project;
        case KindRole:
            return int(r.info.kind);
        case StateRole:
            return int(r.info.state);
        case SortRole:
            switch (column) {
                case Cpu:
                    return r.last.cpuPercent;
                case Memory:
                    return r.last.memoryUsed;
                case Uptime:
                    return r.info.startedAtMs > 0 ? std::max<qint64>(0, nowMs_() - r.info.startedAtMs)
                                                  : qint64(-1);
                default:
                    return instanceData(r, column, Qt::DisplayRole);
            }
    }
    return {};
}

QVariant InstanceListModel::groupData(const Group& g, int column, int role) const {
    // Its services' figures together: CPU and memory of those that have one.
    double cpu = 0, memory = 0;
    int live = 0, sampled = 0, unhealthy = 0;
    for (const QString& id : g.members) {
        const int row = rowOf(id);
        if (row < 0) continue;
        const Row& r = rows_[row];
        const bool running = r.info.state == InstanceState::Running || r.info.state == InstanceState::Paused;
        live += running;
        unhealthy += running && r.info.health == "unhealthy";
        if (running && r.hasSample) cpu += r.last.cpuPercent, memory += r.last.memoryUsed, ++sampled;
    }
    switch (role) {
        case Qt::DisplayRole:
            switch (column) {
                case Name:
                    return g.project;
                case Kind:
                    return projectKindName();
                case State: {
                    QString text = projectStateText(live, int(g.members.size()));
                    if (unhealthy) text += tr(", %1 unhealthy").arg(unhealthy);
                    return text;
                }
                case Cpu:
                    return sampled ? human::percent(cpu) : QString();
                case Memory:
                    return sampled ? human::bytes(memory) : QString();
                default:
                    return {};
            }
        case Qt::ToolTipRole:
            if (column == Name) {
                const QString file = composeFileOf(g.project);
                return file.isEmpty() ? g.project : tr("%1, from %2").arg(g.project, file);
            }
            if (column == Memory || column == Cpu) return tr("Its running services' together");
            break;
        case Qt::DecorationRole:
            if (column == Name) {
                static const QIcon project(QStringLiteral(":/icons/project.svg"));
                return project;
            }
            break;
        case InstanceIdRole:
            return QString();
        case ProjectRole:
            return g.project;
        case KindRole:
            return -1;
        case StateRole:
            return live ? int(InstanceState::Running) : int(InstanceState::Exited);
        case SortRole:
            switch (column) {
                case Cpu:
                    return cpu;
                case Memory:
                    return memory;
                case Uptime:
                    return qint64(-1);
                default:
                    return groupData(g, column, Qt::DisplayRole);
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

int InstanceListModel::topRowOf(bool group, const QString& id) const {
    for (int i = 0; i < top_.size(); ++i)
        if (top_[i].group == group && top_[i].id == id) return i;
    return -1;
}

int InstanceListModel::groupOf(const QString& project) const {
    for (int i = 0; i < groups_.size(); ++i)
        if (groups_[i].project == project) return i;
    return -1;
}

int InstanceListModel::groupOfKey(quintptr key) const {
    for (int i = 0; i < groups_.size(); ++i)
        if (groups_[i].key == key) return i;
    return -1;
}

QModelIndex InstanceListModel::indexOf(const QString& instanceId) const {
    const int row = rowOf(instanceId);
    if (row < 0) return {};
    if (rows_[row].project.isEmpty()) {
        const int top = topRowOf(false, instanceId);
        return top < 0 ? QModelIndex() : createIndex(top, 0, quintptr(0));
    }
    const int g = groupOf(rows_[row].project);
    if (g < 0) return {};
    const int member = int(groups_[g].members.indexOf(instanceId));
    return member < 0 ? QModelIndex() : createIndex(member, 0, groups_[g].key);
}

QModelIndex InstanceListModel::indexOfProject(const QString& project) const {
    const int top = topRowOf(true, project);
    return top < 0 ? QModelIndex() : createIndex(top, 0, quintptr(0));
}

QString InstanceListModel::instanceIdAt(int row) const {
    return row >= 0 && row < top_.size() && !top_[row].group ? top_[row].id : QString();
}

QStringList InstanceListModel::membersOf(const QString& project) const {
    const int g = groupOf(project);
    return g < 0 ? QStringList() : groups_[g].members;
}

QString InstanceListModel::composeFileOf(const QString& project) const {
    for (const QString& id : membersOf(project))
        if (const int row = rowOf(id); row >= 0)
            if (std::string file = labelValue(rows_[row].info.labels, kComposeFileLabel); !file.empty())
                return QString::fromStdString(file);
    return {};
}

void InstanceListModel::upsertInstance(const InstanceInfo& info) {
    const QString id = QString::fromStdString(info.id);
    const int row = rowOf(id);
    if (row < 0) {
        insertInstance(info);
        return;
    }
    if (rows_[row].project != QString::fromStdString(projectOf(info))) {  // moved: out, and in again
        eraseInstance(row);
        insertInstance(info);
        return;
    }
    rows_[row].info = info;
    takeShown(rows_[row]);
    const QModelIndex at = indexOf(id);
    emit dataChanged(at, at.siblingAtColumn(ColumnCount - 1));
    if (const QModelIndex group = indexOfProject(rows_[row].project); group.isValid())
        emit dataChanged(group, group.siblingAtColumn(ColumnCount - 1));
}

void InstanceListModel::insertInstance(const InstanceInfo& info) {
    const QString id = QString::fromStdString(info.id);
    const QString project = QString::fromStdString(projectOf(info));
    rows_.push_back(Row{info, project, {}, false, {}});
    takeShown(rows_.back());
    if (project.isEmpty() || info.kind == InstanceKind::Host) {
        rows_.back().project.clear();
        // The host stays first; the others follow in the order they appeared.
        const int top = info.kind == InstanceKind::Host ? 0 : int(top_.size());
        beginInsertRows({}, top, top);
        top_.insert(top, Top{false, id});
        endInsertRows();
        return;
    }
    int g = groupOf(project);
    if (g < 0) {
        const int top = int(top_.size());
        beginInsertRows({}, top, top);
        groups_.push_back(Group{project, {}, nextKey_++});
        top_.push_back(Top{true, project});
        endInsertRows();
        g = int(groups_.size()) - 1;
    }
    const QModelIndex parent = indexOfProject(project);
    const int member = int(groups_[g].members.size());
    beginInsertRows(parent, member, member);
    groups_[g].members.push_back(id);
    endInsertRows();
    emit dataChanged(parent, parent.siblingAtColumn(ColumnCount - 1));
}

void InstanceListModel::eraseInstance(int row) {
    const QString id = QString::fromStdString(rows_[row].info.id);
    const QString project = rows_[row].project;
    if (project.isEmpty()) {
        const int top = topRowOf(false, id);
        if (top >= 0) {
            beginRemoveRows({}, top, top);
            top_.removeAt(top);
            endRemoveRows();
        }
        rows_.removeAt(row);
        return;
    }
    const int g = groupOf(project);
    const QModelIndex parent = indexOfProject(project);
    if (g >= 0 && parent.isValid()) {
        if (groups_[g].members.size() == 1) {  // its last instance: the project's row goes with it
            beginRemoveRows({}, parent.row(), parent.row());
            top_.removeAt(parent.row());
            groups_.removeAt(g);
            rows_.removeAt(row);
            endRemoveRows();
            return;
        }
        const int member = int(groups_[g].members.indexOf(id));
        beginRemoveRows(parent, member, member);
        groups_[g].members.removeAt(member);
        rows_.removeAt(row);
        endRemoveRows();
        emit dataChanged(parent, parent.siblingAtColumn(ColumnCount - 1));
        return;
    }
    rows_.removeAt(row);
}

void InstanceListModel::removeInstance(const QString& instanceId) {
    const int row = rowOf(instanceId);
    if (row < 0 || rows_[row].info.kind == InstanceKind::Host) return;  // the host row is always there
    eraseInstance(row);
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

void InstanceListModel::emitFiguresChanged(const QStringList& ids) {
    // (parent's internal key, row): sorted, so that consecutive rows of one parent make one run.
    QList<std::pair<quintptr, int>> at;
    QSet<QString> projects;
    for (const QString& id : ids) {
        const QModelIndex i = indexOf(id);
        if (!i.isValid()) continue;
        at.push_back({i.internalId(), i.row()});
        if (const int row = rowOf(id); row >= 0 && !rows_[row].project.isEmpty())
            projects.insert(rows_[row].project);
    }
    std::sort(at.begin(), at.end());
    for (qsizetype i = 0; i < at.size();) {
        qsizetype j = i;
        while (j + 1 < at.size() && at[j + 1].first == at[i].first && at[j + 1].second == at[j].second + 1)
            ++j;
        emit dataChanged(createIndex(at[i].second, Cpu, at[i].first),
                         createIndex(at[j].second, Uptime, at[i].first), {Qt::DisplayRole, SortRole});
        i = j + 1;
    }
    for (const QString& project : projects) {
        const QModelIndex group = indexOfProject(project);
        emit dataChanged(group.siblingAtColumn(State), group.siblingAtColumn(Memory),
                         {Qt::DisplayRole, SortRole});
    }
}

void InstanceListModel::applySamples(const SampleBatch& batch) {
    QHash<QString, int> rowOfId;
    for (int i = 0; i < rows_.size(); ++i) rowOfId.insert(QString::fromStdString(rows_[i].info.id), i);
    QStringList changed;
    for (const InstanceSample& s : batch) {
        const int row = rowOfId.value(s.instanceId, -1);
        if (row < 0) continue;
        rows_[row].last = s.sample;
        rows_[row].hasSample = true;
        if (takeShown(rows_[row])) changed.push_back(s.instanceId);
    }
    emitFiguresChanged(changed);
}

void InstanceListModel::refreshUptime() {
    QStringList changed;
    for (Row& r : rows_)
        if (takeShown(r)) changed.push_back(QString::fromStdString(r.info.id));
    emitFiguresChanged(changed);
}

}  // namespace juxta::ui
