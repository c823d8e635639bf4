#include "dialogs/compose_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStringList>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "compose/parse.h"

namespace juxta::ui {
namespace {

enum Column { ServiceColumn, ImageColumn, KindColumn, PortsColumn, WaitsColumn };

QString conditionText(compose::Condition c) {
    switch (c) {
        case compose::Condition::Started:
            return ComposeDialog::tr("started");
        case compose::Condition::Healthy:
            return ComposeDialog::tr("healthy");
        case compose::Condition::CompletedSuccessfully:
            return ComposeDialog::tr("completed");
    }
    return {};
}

}  // namespace

ComposeDialog::ComposeDialog(ComposeRunner* runner, QWidget* parent) : QDialog(parent), runner_(runner) {
    setWindowTitle(tr("Compose Project"));
    setObjectName(QStringLiteral("composeDialog"));
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::PlainText);
    layout->addWidget(title_);
    services_ = new QTreeWidget(this);
    services_->setRootIsDecorated(false);
    services_->setHeaderLabels({tr("Service"), tr("Image"), tr("Runs as"), tr("Ports"), tr("Waits for")});
    services_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(services_, 2);
    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(1000);
    log_->setPlaceholderText(
        tr("Up starts each service as a container, in the order its dependencies ask for."));
    layout->addWidget(log_, 1);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("composeStatus"));
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::PlainText);
    layout->addWidget(status_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    up_ = buttons->addButton(tr("&Up"), QDialogButtonBox::ActionRole);
    down_ = buttons->addButton(tr("&Down"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(up_, &QPushButton::clicked, this, [this] {
        log_->clear();
        if (Status st = runner_->up(project_); !st) {
            status_->setText(QString::fromStdString(st.error().message()));
            return;
        }
        setRunning(true);
        asked_ = true;
        goingUp_ = true;
        status_->setText(tr("Bringing %1 up…").arg(QString::fromStdString(project_.name)));
    });
    connect(down_, &QPushButton::clicked, this, [this] {
        if (Status st = runner_->down(QString::fromStdString(project_.name), false); !st) {
            status_->setText(QString::fromStdString(st.error().message()));
            return;
        }
        setRunning(true);
        asked_ = true;
        goingUp_ = false;
        status_->setText(tr("Taking %1 down…").arg(QString::fromStdString(project_.name)));
    });
    connect(runner_, &ComposeRunner::progress, this, [this](const QString& line) {
        if (asked_) log_->appendPlainText(line);
    });
    connect(runner_, &ComposeRunner::finished, this, [this](bool ok, const QString& error) {
        setRunning(false);
        if (!asked_) return;  // the window's Start, Stop or Delete
        asked_ = false;
        const QString name = QString::fromStdString(project_.name);
        status_->setText(!ok ? error : goingUp_ ? tr("%1 is up").arg(name) : tr("%1 is down").arg(name));
    });
    setRunning(false);
    resize(760, 460);
}

bool ComposeDialog::open(const QString& file) {
    auto p = compose::loadProject(file.toStdString(), "", std::nullopt);
    services_->clear();
    loaded_ = p.ok();
    setRunning(false);
    if (!p) {
        title_->setText(file);
        status_->setText(QString::fromStdString(p.error().message()));
        return false;
    }
    project_ = std::move(*p);
    title_->setText(tr("Project %1 — %n service(s), from %2", nullptr, int(project_.services.size()))
                        .arg(QString::fromStdString(project_.name), file));
    for (const compose::Service& s : project_.services) {
        QStringList ports, waits;
        for (const compose::Port& port : s.ports)
            ports << (port.published
                          ? QStringLiteral("%1:%2→%3")
                                .arg(QString::fromStdString(port.hostIp.empty() ? "127.0.0.1" : port.hostIp))
                                .arg(port.published)
                                .arg(port.target)
                          : QString::number(port.target));
        for (const compose::Dependency& d : s.dependsOn)
            waits << QStringLiteral("%1 (%2)").arg(QString::fromStdString(d.service),
                                                   conditionText(d.condition));
        auto* item = new QTreeWidgetItem(services_);
        item->setText(ServiceColumn, QString::fromStdString(s.name));
        item->setText(ImageColumn, QString::fromStdString(s.image));
        item->setText(KindColumn, s.as == compose::RunAs::Vm ? tr("VM") : tr("container"));
        item->setText(PortsColumn, ports.join(QStringLiteral(", ")));
        item->setText(WaitsColumn, waits.join(QStringLiteral(", ")));
    }
    status_->setText(tr("Read and checked: Up starts it, Down stops and removes what Up started."));
    return true;
}

void ComposeDialog::setRunning(bool running) {
    running = running || runner_->running();
    up_->setEnabled(loaded_ && !running);
    down_->setEnabled(loaded_ && !running);
}

}  // namespace juxta::ui
