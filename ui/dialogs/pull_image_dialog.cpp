#include "dialogs/pull_image_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "format.h"

namespace juxta::ui {
namespace {

enum Column { LayerColumn, StateColumn, ProgressColumn, SizeColumn };

QString phaseText(images::LayerPhase phase) {
    switch (phase) {
        case images::LayerPhase::Waiting:
            return PullImageDialog::tr("Waiting");
        case images::LayerPhase::Present:
            return PullImageDialog::tr("Already here");
        case images::LayerPhase::Downloading:
            return PullImageDialog::tr("Downloading");
        case images::LayerPhase::Downloaded:
            return PullImageDialog::tr("Downloaded");
        case images::LayerPhase::Extracting:
            return PullImageDialog::tr("Extracting");
        case images::LayerPhase::Done:
            return PullImageDialog::tr("Done");
    }
    return {};
}

}  // namespace

PullImageDialog::PullImageDialog(QWidget* parent)
    : QDialog(parent),
      reference_(new QLineEdit(this)),
      tlsVerify_(new QCheckBox(tr("Check the registry's TLS certificate"), this)),
      user_(new QLineEdit(this)),
      password_(new QLineEdit(this)),
      layers_(new QTreeWidget(this)),
      total_(new QProgressBar(this)),
      totals_(new QLabel(this)),
      status_(new QLabel(this)),
      pullButton_(new QPushButton(tr("&Pull"), this)),
      cancelButton_(new QPushButton(tr("Cancel"), this)) {
    setWindowTitle(tr("Pull Image"));
    reference_->setPlaceholderText(tr("e.g. redis:7 or registry.example.com:5000/team/app:1.0"));
    tlsVerify_->setChecked(true);
    tlsVerify_->setToolTip(tr("Unchecked: https without checking the certificate, then plain http"));
    user_->setPlaceholderText(tr("the saved login (juxtactl login), or anonymous"));
    password_->setEchoMode(QLineEdit::Password);
    auto* form = new QFormLayout;
    form->addRow(tr("&Image:"), reference_);
    form->addRow(QString(), tlsVerify_);
    form->addRow(tr("&User name:"), user_);
    form->addRow(tr("Pass&word:"), password_);

    layers_->setColumnCount(4);
    layers_->setHeaderLabels({tr("Layer"), tr("State"), tr("Progress"), tr("Size")});
    layers_->setRootIsDecorated(false);
    layers_->setSelectionMode(QAbstractItemView::NoSelection);
    layers_->header()->setSectionResizeMode(ProgressColumn, QHeaderView::Stretch);
    layers_->header()->setStretchLastSection(false);
    total_->setRange(0, 1000);
    total_->setValue(0);
    total_->setTextVisible(false);
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::PlainText);  // a registry's words are shown as text, never markup

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(pullButton_, QDialogButtonBox::ActionRole);
    buttons->addButton(cancelButton_, QDialogButtonBox::RejectRole);
    pullButton_->setDefault(true);
    connect(pullButton_, &QPushButton::clicked, this, &PullImageDialog::startPull);
    connect(cancelButton_, &QPushButton::clicked, this, &PullImageDialog::reject);
    connect(reference_, &QLineEdit::returnPressed, this, &PullImageDialog::startPull);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(layers_, 1);
    layout->addWidget(total_);
    layout->addWidget(totals_);
    layout->addWidget(status_);
    layout->addWidget(buttons);

    connect(&puller_, &ImagePuller::progress, this, &PullImageDialog::showProgress);
    connect(&puller_, &ImagePuller::finished, this, [this](const QString& name, const QString& summary) {
        pulled_ = name;
        setRunning(false);
        status_->setStyleSheet({});
        status_->setText(tr("Pulled: %1. New Container runs it as “%2”.").arg(summary, name));
        cancelButton_->setText(tr("Close"));
        emit imagePulled(name);
    });
    connect(&puller_, &ImagePuller::failed, this, [this](const QString& message, bool cancelled) {
        setRunning(false);
        status_->setStyleSheet(cancelled ? QString() : QStringLiteral("color: #b00020;"));
        status_->setText(cancelled ? tr("Cancelled. What was downloaded stays for the next pull to resume.")
                                   : message);
    });
    resize(720, 460);
}

void PullImageDialog::setReference(const QString& reference) {
    reference_->setText(reference);
}

void PullImageDialog::startPull() {
    if (puller_.running()) return;
    PullRequest request;
    request.reference = reference_->text().trimmed();
    request.tlsVerify = tlsVerify_->isChecked();
    request.username = user_->text().trimmed();
    request.password = password_->text();
    if (request.reference.isEmpty()) {
        status_->setText(tr("Type an image reference, e.g. redis:7."));
        return;
    }
    layers_->clear();
    total_->setValue(0);
    totals_->clear();
    startBytes_ = -1;
    if (Status s = puller_.start(request); !s) {
        status_->setStyleSheet(QStringLiteral("color: #b00020;"));
        status_->setText(QString::fromStdString(s.error().message()));
        return;
    }
    clock_.start();
    status_->setStyleSheet({});
    status_->setText(tr("Connecting to the registry…"));
    setRunning(true);
}

void PullImageDialog::setRunning(bool running) {
    pullButton_->setEnabled(!running);
    reference_->setEnabled(!running);
    tlsVerify_->setEnabled(!running);
    user_->setEnabled(!running);
    password_->setEnabled(!running);
    cancelButton_->setText(running ? tr("Cancel") : cancelButton_->text());
}

void PullImageDialog::reject() {
    if (puller_.running()) {
        puller_.cancel();
        status_->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

void PullImageDialog::showProgress(const images::PullProgress& p) {
    qint64 done = 0, size = 0;
    for (int i = 0; i < int(p.layers.size()); ++i) {
        const auto& l = p.layers[std::size_t(i)];
        QTreeWidgetItem* item = layers_->topLevelItem(i);
        if (!item) {
            item = new QTreeWidgetItem(layers_);
            item->setText(LayerColumn, QString::fromStdString(l.digest.substr(7, 12)));
            item->setToolTip(LayerColumn, QString::fromStdString(l.digest));
            item->setText(SizeColumn, human::bytes(double(l.size)));
            item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
            auto* bar = new QProgressBar(layers_);
            bar->setRange(0, 1000);
            bar->setTextVisible(false);
            bar->setMaximumHeight(14);
            layers_->setItemWidget(item, ProgressColumn, bar);
        }
        item->setText(StateColumn, phaseText(l.phase));
        auto* bar = qobject_cast<QProgressBar*>(layers_->itemWidget(item, ProgressColumn));
        const bool present = l.phase == images::LayerPhase::Present;
        if (bar) bar->setValue(present || l.size == 0 ? 1000 : int(1000.0 * double(l.done) / double(l.size)));
        if (!present) {
            done += l.done;
            size += l.size;
        }
    }
    for (int c : {LayerColumn, StateColumn, SizeColumn}) layers_->resizeColumnToContents(c);
    if (startBytes_ < 0 && !p.layers.empty()) startBytes_ = done;  // a resumed part is no speed
    const double seconds = double(clock_.elapsed()) / 1000.0;
    const double rate = seconds > 0.2 ? double(done - std::max<qint64>(startBytes_, 0)) / seconds : 0;
    total_->setValue(size > 0 ? int(1000.0 * double(done) / double(size)) : (p.finished ? 1000 : 0));
    QString line = tr("%1 of %2").arg(human::bytes(double(done)), human::bytes(double(size)));
    if (rate > 0) line += QStringLiteral(" · ") + human::rate(rate);
    if (rate > 0 && done < size)
        line += QStringLiteral(" · ") + tr("%n s left", nullptr, int(double(size - done) / rate + 0.5));
    totals_->setText(line);
    const bool downloading =
        std::any_of(p.layers.begin(), p.layers.end(), [](const images::LayerProgress& l) {
            return l.phase == images::LayerPhase::Waiting || l.phase == images::LayerPhase::Downloading;
        });
    if (!p.finished && !downloading && p.extracting)
        status_->setText(tr("Extracting and checking the layers…"));
    else if (!p.finished)
        status_->setText(tr("Downloading %1 (%2)")
                             .arg(QString::fromStdString(p.reference), QString::fromStdString(p.digest)));
}

}  // namespace juxta::ui
