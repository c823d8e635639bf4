#include "models/metric_series_model.h"

#include <QDateTime>

#include "format.h"

namespace juxta::ui {

MetricSeriesModel::MetricSeriesModel(QString instanceId, int capacity, QObject* parent)
    : QAbstractTableModel(parent), instanceId_(std::move(instanceId)), capacity_(std::max(capacity, 1)) {}

int MetricSeriesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(samples_.size());
}

int MetricSeriesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

double MetricSeriesModel::value(const MetricSample& s, Column column) {
    switch (column) {
        case Time:
            return double(s.timeMs) / 1000.0;
        case Cpu:
            return s.cpuPercent;
        case MemoryUsed:
            return s.memoryUsed;
        case MemoryCached:
            return s.memoryCached;
        case MemoryTotal:
            return s.memoryTotal;
        case DiskRead:
            return s.diskReadBps;
        case DiskWrite:
            return s.diskWriteBps;
        case NetRx:
            return s.netRxBps;
        case NetTx:
            return s.netTxBps;
        case VmExits:
            return s.vmExitsPerSec;
        case ColumnCount:
            break;
    }
    return 0;
}

QVariant MetricSeriesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= samples_.size() || index.column() >= ColumnCount) return {};
    const MetricSample& s = samples_[index.row()];
    const auto column = Column(index.column());
    if (role == ValueRole) return value(s, column);
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(s.timeMs).toString(QStringLiteral("HH:mm:ss"));
        case Cpu:
            return human::percent(s.cpuPercent);
        case MemoryUsed:
        case MemoryCached:
        case MemoryTotal:
            return human::bytes(value(s, column));
        default:
            return human::rate(value(s, column));
    }
}

QVariant MetricSeriesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Time:
            return tr("Time");
        case Cpu:
            return tr("CPU");
        case MemoryUsed:
            return tr("Memory used");
        case MemoryCached:
            return tr("Cached");
        case MemoryTotal:
            return tr("Memory total");
        case DiskRead:
            return tr("Disk read");
        case DiskWrite:
            return tr("Disk write");
        case NetRx:
            return tr("Received");
        case NetTx:
            return tr("Sent");
        case VmExits:
            return tr("VM exits");
    }
    return {};
}

void MetricSeriesModel::append(const MetricSample& sample) {
    if (samples_.size() >= capacity_) {
        beginRemoveRows({}, 0, 0);
        samples_.removeFirst();
        endRemoveRows();
    }
    const int row = int(samples_.size());
    beginInsertRows({}, row, row);
    samples_.push_back(sample);
    endInsertRows();
}

void MetricSeriesModel::resetTo(const SampleSeries& history) {
    beginResetModel();
    samples_ = history.size() > capacity_ ? history.mid(history.size() - capacity_) : history;
    endResetModel();
}

}  // namespace juxta::ui
