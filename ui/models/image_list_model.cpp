#include "models/image_list_model.h"

#include <QDateTime>

#include "format.h"

namespace juxta::ui {
namespace {

// "2026-12-04T12:00:00Z" as this locale's short date and time; the text itself when it is not one.
QString when(const QString& rfc3339) {
    const QDateTime t = QDateTime::fromString(rfc3339, Qt::ISODateWithMs);
    if (!t.isValid()) return rfc3339;
    return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
}

}  // namespace

ImageListModel::ImageListModel(QObject* parent) : QAbstractTableModel(parent) {}

void ImageListModel::setImages(const QVector<ImageRow>& images) {
    beginResetModel();
    images_ = images;
    endResetModel();
}

const ImageRow* ImageListModel::imageAt(int row) const {
    return row >= 0 && row < images_.size() ? &images_[row] : nullptr;
}

int ImageListModel::rowOf(const QString& name) const {
    for (int i = 0; i < images_.size(); ++i)
        if (images_[i].name == name) return i;
    return -1;
}

int ImageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(images_.size());
}

int ImageListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const {
    const ImageRow* r = imageAt(index.row());
    if (!r) return {};
    const uint64_t total = r->uniqueBytes + r->sharedBytes;
    if (role == SortRole) {
        switch (index.column()) {
            case Size:
                return QVariant::fromValue<qulonglong>(total);
            case Unique:
                return QVariant::fromValue<qulonglong>(r->uniqueBytes);
            case Shared:
                return QVariant::fromValue<qulonglong>(r->sharedBytes);
            case UsedBy:
                return int(r->usedBy.size());
            default:
                return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() >= Size && index.column() <= Shared))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (index.column() == Digest) return r->digest;
        if (index.column() == UsedBy && !r->usedBy.isEmpty()) return r->usedBy.join(QStringLiteral(", "));
        if (index.column() == Reference && r->reference.isEmpty())
            return tr("Imported from an archive or a layout");
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Name:
            return r->name;
        case Reference:
            return r->reference.isEmpty() ? tr("(imported)") : r->reference;
        case Digest:
            return r->digest.isEmpty() ? QStringLiteral("—") : r->digest.mid(7, 12);
        case Size:
            return human::bytes(double(total));
        case Unique:
            return human::bytes(double(r->uniqueBytes));
        case Shared:
            return human::bytes(double(r->sharedBytes));
        case Created:
            return r->created.isEmpty() ? QStringLiteral("—") : when(r->created);
        case UsedBy:
            if (r->usedBy.isEmpty()) return tr("unused");
            return r->usedBy.size() == 1 ? tr("container %1").arg(r->usedBy.front())
                                         : tr("%1 containers").arg(r->usedBy.size());
        default:
            return {};
    }
}

QVariant ImageListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("Name");
        case Reference:
            return tr("Repository:Tag");
        case Digest:
            return tr("Digest");
        case Size:
            return tr("Size");
        case Unique:
            return tr("Unique");
        case Shared:
            return tr("Shared");
        case Created:
            return tr("Created");
        case UsedBy:
            return tr("Used by");
        default:
            return {};
    }
}

}  // namespace juxta::ui
