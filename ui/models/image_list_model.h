#pragma once
// The Images view's table: one row per image in the store (ImageCatalog's listing), as
// `juxtactl images` shows them — name, where it came from, digest, size (unique and shared), when it
// was made and pulled, and what uses it.
#include <QAbstractTableModel>
#include <QVector>

#include "bridge/image_catalog.h"

namespace juxta::ui {

class ImageListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Name, Reference, Digest, Size, Unique, Shared, Created, UsedBy, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;  // numbers as numbers

    explicit ImageListModel(QObject* parent = nullptr);

    void setImages(const QVector<ImageRow>& images);
    const ImageRow* imageAt(int row) const;
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    QVector<ImageRow> images_;
};

}  // namespace juxta::ui
