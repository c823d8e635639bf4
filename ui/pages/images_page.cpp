#include "pages/images_page.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "format.h"
#include "models/image_list_model.h"

namespace juxta::ui {
namespace {

QString row(const QString& label, const QString& value) {
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), value.isEmpty() ? QStringLiteral("—") : value.toHtmlEscaped());
}

QString lines(const QStringList& items) {
    return items.join(QLatin1Char('\n'));
}

}  // namespace

ImagesPage::ImagesPage(QWidget* parent)
    : QWidget(parent),
      catalog_(new ImageCatalog(this)),
      model_(new ImageListModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      table_(new QTableView(this)),
      details_(new QTextBrowser(this)),
      message_(new QLabel(this)),
      totals_(new QLabel(this)),
      run_(new QPushButton(tr("&Run…"), this)),
      remove_(new QPushButton(tr("Re&move"), this)) {
    setObjectName(QStringLiteral("imagesPage"));
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ImageListModel::SortRole);
    table_->setObjectName(QStringLiteral("imageTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(ImageListModel::Name, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->setWordWrap(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionResizeMode(ImageListModel::Reference, QHeaderView::Stretch);
    details_->setObjectName(QStringLiteral("imageDetails"));
    details_->setOpenLinks(false);
    message_->setWordWrap(true);
    message_->setTextFormat(Qt::PlainText);  // a registry's or the store's words, never markup
    message_->hide();

    auto* pull = new QPushButton(tr("&Pull…"), this);
    auto* refresh = new QPushButton(tr("Re&fresh"), this);
    run_->setObjectName(QStringLiteral("runImage"));
    remove_->setObjectName(QStringLiteral("removeImage"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(pull);
    buttons->addWidget(run_);
    buttons->addWidget(remove_);
    buttons->addWidget(refresh);
    buttons->addStretch(1);
    buttons->addWidget(totals_);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(details_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(message_);
    layout->addWidget(split, 1);

    connect(pull, &QPushButton::clicked, this, &ImagesPage::pullRequested);
    connect(refresh, &QPushButton::clicked, this, &ImagesPage::refresh);
    connect(run_, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedImage(); !name.isEmpty()) emit runRequested(name);
    });
    connect(remove_, &QPushButton::clicked, this, &ImagesPage::removeSelected);
    connect(table_, &QTableView::doubleClicked, this, [this] {
        if (const QString name = selectedImage(); !name.isEmpty()) emit runRequested(name);
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ImagesPage::showDetails);
    connect(catalog_, &ImageCatalog::listed, this, [this](const QVector<ImageRow>& images) {
        const QString keep = wanted_.isEmpty() ? selectedImage() : wanted_;
        wanted_.clear();
        model_->setImages(images);
        uint64_t unique = 0, shared = 0;
        for (const auto& i : images) {
            unique += i.uniqueBytes;
            shared += i.sharedBytes;
        }
        const QString disk = human::bytes(double(unique + shared));
        totals_->setText(images.size() == 1 ? tr("1 image, %1 on disk").arg(disk)
                                            : tr("%1 images, %2 on disk").arg(images.size()).arg(disk));
        for (int c : {ImageListModel::Name, ImageListModel::Digest, ImageListModel::Size,
                      ImageListModel::Unique, ImageListModel::Shared, ImageListModel::Created})
            table_->resizeColumnToContents(c);
        if (!keep.isEmpty()) selectImage(keep);
        if (selectedImage().isEmpty() && proxy_->rowCount() > 0) table_->selectRow(0);
        showDetails();
    });
    connect(catalog_, &ImageCatalog::failed, this,
            [this](const QString& why) { setMessage(tr("Cannot list the images: %1").arg(why), true); });
    connect(catalog_, &ImageCatalog::removed, this,
            [this](const QString& name, bool ok, const QString& why, qulonglong freed) {
                setMessage(ok ? tr("Removed %1: %2 freed.").arg(name, human::bytes(double(freed)))
                              : tr("Cannot remove %1: %2").arg(name, why),
                           !ok);
            });
    showDetails();
}

QString ImagesPage::selectedImage() const {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    const ImageRow* r = model_->imageAt(proxy_->mapToSource(rows.first()).row());
    return r ? r->name : QString();
}

void ImagesPage::selectImage(const QString& name) {
    const int source = model_->rowOf(name);
    if (source < 0) {
        wanted_ = name;  // the listing that has it is on its way
        return;
    }
    table_->selectRow(proxy_->mapFromSource(model_->index(source, 0)).row());
}

void ImagesPage::refresh() {
    catalog_->refresh();
}

void ImagesPage::setMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(
        error ? QStringLiteral("color: palette(bright-text); background: #b3261e; padding: 4px") : QString());
    message_->setVisible(!text.isEmpty());
}

void ImagesPage::showDetails() {
    const QString name = selectedImage();
    const ImageRow* r = model_->imageAt(model_->rowOf(name));
    run_->setEnabled(r);
    remove_->setEnabled(r);
    if (!r) {
        details_->setHtml(
            tr("<p>No image selected. <b>Pull…</b> one from a registry, or import one with "
               "<code>juxtactl image import</code>.</p>"));
        return;
    }
    QString html = QStringLiteral("<h3>%1</h3><table>").arg(r->name.toHtmlEscaped());
    html += row(tr("From"), r->reference.isEmpty() ? tr("imported") : r->reference);
    html += row(tr("Digest"), r->digest);
    html += row(tr("Platform"), r->platform);
    html += row(tr("Created"), r->created);
    html += row(tr("Pulled"), r->pulled);
    html += row(tr("Layers"), QString::number(r->layers));
    html += row(tr("On disk"),
                tr("%1 unique, %2 shared with other images")
                    .arg(human::bytes(double(r->uniqueBytes)), human::bytes(double(r->sharedBytes))));
    html += row(tr("Used by"), r->usedBy.join(QStringLiteral(", ")));
    html += row(tr("Command"), r->command);
    html += row(tr("Working directory"), r->workingDir);
    html += row(tr("User"), r->user.isEmpty() ? QStringLiteral("root") : r->user);
    html += row(tr("Stop signal"), r->stopSignal.isEmpty() ? QStringLiteral("SIGTERM") : r->stopSignal);
    html += row(tr("Exposed ports"), r->exposedPorts.join(QStringLiteral(", ")));
    html += row(tr("Volumes"), r->volumes.join(QStringLiteral(", ")));
    html += row(tr("Health check"),
                r->healthcheck.isEmpty()
                    ? QString()
                    : tr("%1 (every %2 s, timeout %3 s, %4 retries)")
                          .arg(r->healthcheck, QString::number(r->healthIntervalS),
                               QString::number(r->healthTimeoutS), QString::number(r->healthRetries)));
    html += row(tr("Labels"), lines(r->labels));
    html += row(tr("Environment"), lines(r->env));
    html += QStringLiteral("</table>");
    details_->setHtml(html.replace(QLatin1Char('\n'), QStringLiteral("<br>")));
}

void ImagesPage::removeSelected() {
    const QString name = selectedImage();
    if (name.isEmpty()) return;
    const auto answer = QMessageBox::question(
        this, tr("Remove image"),
        tr("Remove %1? Its layers that no other image or container uses are deleted.").arg(name));
    if (answer != QMessageBox::Yes) return;
    setMessage({}, false);
    catalog_->remove(name);
}

}  // namespace juxta::ui
