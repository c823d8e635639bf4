#include "dialogs/new_container_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include "core/labels.h"

namespace juxta::ui {

NewContainerDialog::NewContainerDialog(QWidget* parent)
    : CreateDialog(parent),
      image_(new QComboBox(this)),
      name_(new QLineEdit(this)),
      command_(new QLineEdit(this)),
      memory_(new QLineEdit(this)),
      cpus_(new QLineEdit(this)),
      pids_(new QLineEdit(this)),
      readOnly_(new QCheckBox(tr("Read-only root file system"), this)),
      terminal_(new QCheckBox(tr("Interactive terminal (Console tab)"), this)),
      network_(new QComboBox(this)),
      publish_(new QLineEdit(this)),
      volumes_(new QLineEdit(this)),
      restart_(new QComboBox(this)),
      labels_(new QLineEdit(this)),
      pull_(new QPushButton(tr("P&ull…"), this)) {
    setWindowTitle(tr("New Container"));
    image_->setEditable(true);
    image_->addItem(QStringLiteral("busybox"));
    image_->setToolTip(tr(
        "An image from the store (juxtactl images), or a reference to pull (redis:7); busybox is built in"));
    pull_->setToolTip(tr("Pull the image typed here from its registry"));
    connect(pull_, &QPushButton::clicked, this, [this] {
        const QString typed = image_->currentText().trimmed();
        emit pullRequested(typed == QStringLiteral("busybox") ? QString() : typed);
    });
    auto* imageRow = new QHBoxLayout;
    imageRow->addWidget(image_, 1);
    imageRow->addWidget(pull_);
    name_->setPlaceholderText(tr("optional, e.g. web"));
    acceptInstanceNames(name_);
    command_->setPlaceholderText(tr("the image's default, e.g. sh -c 'while true; do date; sleep 1; done'"));
    memory_->setPlaceholderText(tr("no limit, e.g. 256M"));
    cpus_->setPlaceholderText(tr("no limit, e.g. 1.5"));
    pids_->setPlaceholderText(tr("no limit, e.g. 128"));
    terminal_->setChecked(true);
    network_->addItem(tr("None — a private network namespace, loopback only"), QStringLiteral("none"));
    network_->addItem(tr("Bridge — an address on juxta0: the host and other containers reach it"),
                      QStringLiteral("bridge"));
    publish_->setPlaceholderText(tr("none, e.g. 8080:80 (host port:container port, comma-separated)"));
    publish_->setToolTip(tr("TCP ports on the host's loopback that reach the container; with the bridge"));
    const auto updatePublish = [this] {
        publish_->setEnabled(network_->currentData() == QStringLiteral("bridge"));
    };
    volumes_->setPlaceholderText(tr("none, e.g. data:/var/lib/app /srv/www:/www:ro (space-separated)"));
    volumes_->setToolTip(
        tr("NAME:/path mounts the volume NAME (made if missing, kept after the container); /host/path:/path "
           "mounts a host directory; /path alone a fresh volume removed with the container. Add :ro for "
           "read-only. An empty volume starts with the image's files at its path."));
    connect(network_, &QComboBox::currentIndexChanged, this, updatePublish);
    updatePublish();
    restart_->addItem(tr("Never"), QStringLiteral("no"));
    restart_->addItem(tr("Always, when it ends by itself"), QStringLiteral("always"));
    restart_->addItem(tr("Unless stopped"), QStringLiteral("unless-stopped"));
    restart_->addItem(tr("On failure (a non-zero exit)"), QStringLiteral("on-failure"));
    restart_->setToolTip(
        tr("Its monitor starts it again after a back-off (200 ms, doubling to 30 s); Stop and "
           "Delete end that"));
    labels_->setPlaceholderText(tr("none, e.g. tier=front owner=web-team (space-separated)"));
    labels_->setToolTip(tr("KEY=VALUE pairs kept with the container (juxtactl ps --json shows them)"));

    auto* form = new QFormLayout;
    auto* imageLabel = new QLabel(tr("&Image:"), this);
    imageLabel->setBuddy(image_);
    form->addRow(imageLabel, imageRow);
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Command:"), command_);
    form->addRow(tr("&Memory limit:"), memory_);
    form->addRow(tr("C&PU limit (CPUs):"), cpus_);
    form->addRow(tr("&Tasks limit:"), pids_);
    form->addRow(QString(), readOnly_);
    form->addRow(QString(), terminal_);
    form->addRow(tr("Net&work:"), network_);
    form->addRow(tr("P&ublished ports:"), publish_);
    form->addRow(tr("&Volumes:"), volumes_);
    form->addRow(tr("&Restart:"), restart_);
    form->addRow(tr("&Labels:"), labels_);

    body()->addLayout(form);
    resize(560, sizeHint().height());
}

QStringList NewContainerDialog::splitCommand(const QString& line, bool* ok) {
    QStringList words;
    QString word;
    bool inWord = false;
    enum { Plain, Single, Double } quote = Plain;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quote == Single) {
            if (c == QLatin1Char('\''))
                quote = Plain;
            else
                word += c;
        } else if (quote == Double) {
            if (c == QLatin1Char('"'))
                quote = Plain;
            else if (c == QLatin1Char('\\') && i + 1 < line.size() &&
                     QStringLiteral("\"\\$`").contains(line[i + 1]))
                word += line[++i];
            else
                word += c;
        } else if (c.isSpace()) {
            if (inWord) words << word;
            word.clear();
            inWord = false;
        } else {
            inWord = true;
            if (c == QLatin1Char('\''))
                quote = Single;
            else if (c == QLatin1Char('"'))
                quote = Double;
            else if (c == QLatin1Char('\\') && i + 1 < line.size())
                word += line[++i];
            else
                word += c;
        }
    }
    if (inWord) words << word;
    if (ok) *ok = quote == Plain;
    return words;
}

ContainerRequest NewContainerDialog::request() const {
    ContainerRequest r;
    r.image = image_->currentText().trimmed();
    r.name = name_->text().trimmed();
    r.command = splitCommand(command_->text());
    r.memory = memory_->text().trimmed();
    r.cpus = cpus_->text().trimmed();
    r.pids = pids_->text().trimmed();
    r.readOnlyRoot = readOnly_->isChecked();
    r.terminal = terminal_->isChecked();
    r.bridge = network_->currentData() == QStringLiteral("bridge");
    if (r.bridge)
        for (const QString& port : publish_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!port.trimmed().isEmpty()) r.publish << port.trimmed();
    r.volumes = splitCommand(volumes_->text());
    r.restart = restart_->currentData().toString();
    r.labels = splitCommand(labels_->text());
    return r;
}

QString NewContainerDialog::problem() const {
    if (image_->currentText().trimmed().isEmpty()) return tr("Choose an image, e.g. busybox.");
    bool quotesClosed = true;
    splitCommand(command_->text(), &quotesClosed);
    if (!quotesClosed) return tr("The command has a quote that is not closed.");
    static const QRegularExpression published(QStringLiteral("^([0-9.]+:)?[0-9]+:[0-9]+(/tcp)?$"));
    for (const QString& port : request().publish)
        if (!published.match(port).hasMatch())
            return tr("Published ports are HOSTPORT:PORT, e.g. 8080:80 (not \"%1\").").arg(port);
    bool volumesClosed = true;
    splitCommand(volumes_->text(), &volumesClosed);
    if (!volumesClosed) return tr("The volumes have a quote that is not closed.");
    static const QRegularExpression volume(QStringLiteral("^([^:]+:)?/[^:]*(:[a-z,]+)?$"));
    for (const QString& v : request().volumes)
        if (!volume.match(v).hasMatch())
            return tr("Volumes are NAME:/path, /host/path:/path or /path, with :ro to add (not \"%1\").")
                .arg(v);
    bool labelsClosed = true;
    splitCommand(labels_->text(), &labelsClosed);
    if (!labelsClosed) return tr("The labels have a quote that is not closed.");
    for (const QString& label : request().labels)
        if (auto checked = parseLabel(label.toStdString()); !checked)
            return QString::fromStdString(checked.error().message());
        else if (label.startsWith(QLatin1String("juxta.")))
            return tr("Labels beginning with \"juxta.\" are Juxta's own (not \"%1\").").arg(label);
    return {};
}

void NewContainerDialog::submit() {
    emit submitted(request());
}

}  // namespace juxta::ui
