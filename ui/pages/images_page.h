#pragma once
// The Images view: every image in the store (ImageCatalog), what each costs on disk (unique and
// shared with other images) and what uses it; the selected one's config (command, env, ports,
// volumes, labels, health check) below. Pull…, Run… (New Container with that image), Remove.
#include <QWidget>

#include "bridge/image_catalog.h"

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace juxta::ui {

class ImageListModel;

class ImagesPage : public QWidget {
    Q_OBJECT
  public:
    explicit ImagesPage(QWidget* parent = nullptr);

    ImageCatalog* catalog() const { return catalog_; }
    ImageListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QString selectedImage() const;
    void selectImage(const QString& name);

  signals:
    void pullRequested();
    void runRequested(const QString& image);

  public slots:
    void refresh();

  private:
    void showDetails();
    void removeSelected();
    void setMessage(const QString& text, bool error);

    ImageCatalog* catalog_;
    ImageListModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QTextBrowser* details_;
    QLabel* message_;
    QLabel* totals_;
    QPushButton* run_;
    QPushButton* remove_;
    QString wanted_;  // selected once the next listing has it
};

}  // namespace juxta::ui
