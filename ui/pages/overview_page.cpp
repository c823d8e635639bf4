#include "pages/overview_page.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

#include "charts/phase_timeline_chart.h"
#include "format.h"
#include "models/instance_list_model.h"

namespace juxta::ui {
namespace {

void clearForm(QFormLayout* form) {
    while (form->rowCount() > 0) form->removeRow(0);
}

QLabel* wrapped(const QString& text, QWidget* parent) {
    auto* l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText);  // names, commands, a crashed guest's console lines: never HTML
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QString joined(const std::vector<std::string>& items) {
    QStringList out;
    for (const auto& s : items) out << QString::fromStdString(s);
    return out.join(QStringLiteral(", "));
}

}  // namespace

OverviewPage::OverviewPage(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      subtitle_(new QLabel(this)),
      error_(new QLabel(this)),
      facts_(new QFormLayout),
      hostBox_(new QGroupBox(tr("What this host can run"), this)),
      hostDetails_(new QLabel(hostBox_)),
      timelineBox_(new QGroupBox(tr("Start-up, phase by phase"), this)),
      timeline_(new PhaseTimelineChart(timelineBox_)) {
    timelineBox_->setObjectName(QStringLiteral("timelineBox"));
    (new QVBoxLayout(timelineBox_))->addWidget(timeline_);
    timeline_->setMinimumHeight(240);
    timelineBox_->hide();
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title_->setFont(big);
    for (QLabel* l : {title_, subtitle_, error_}) l->setTextFormat(Qt::PlainText);
    error_->setWordWrap(true);
    error_->setObjectName(QStringLiteral("overviewError"));
    error_->setStyleSheet(QStringLiteral("QLabel { color: #dc2626; font-weight: bold; }"));
    error_->hide();
    hostDetails_->setObjectName(QStringLiteral("hostCapabilities"));
    hostDetails_->setWordWrap(true);
    hostDetails_->setTextFormat(Qt::RichText);
    hostDetails_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    (new QVBoxLayout(hostBox_))->addWidget(hostDetails_);
    hostBox_->hide();

    auto* inner = new QWidget;
    auto* layout = new QVBoxLayout(inner);
    layout->addWidget(title_);
    layout->addWidget(subtitle_);
    layout->addWidget(error_);
    layout->addLayout(facts_);
    layout->addWidget(hostBox_);
    layout->addWidget(timelineBox_);
    layout->addStretch();
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

QString OverviewPage::kvmText(const HostCapabilities& c) {
    switch (c.kvm) {
        case KvmKind::Absent:
            return tr("Not available — enable VT-x/AMD-V in the firmware and load kvm_intel or kvm_amd");
        case KvmKind::NoPermission:
            return tr("No permission to open /dev/kvm — add yourself to group kvm and log in again");
        case KvmKind::Hardware:
            return tr("Hardware virtualization (%1)").arg(QString::fromStdString(c.kvmVendor));
        case KvmKind::Pvm:
            return tr(
                "PVM (software nested virtualization) — stock Linux guests cannot boot here; only "
                "PVM-enabled guest kernels run at speed");
        case KvmKind::Unknown:
            return tr("/dev/kvm is present, but the kind of virtualization is unknown");
    }
    return {};
}

QString OverviewPage::cgroupText(const HostCapabilities& c) {
    switch (c.cgroupMode) {
        case CgroupMode::None:
            return tr("None — container limits and statistics are unavailable");
        case CgroupMode::V1:
            return tr("v1 (%1)").arg(joined(c.cgroupV1Controllers));
        case CgroupMode::V2:
            return tr("v2 (%1)").arg(joined(c.cgroupV2Controllers));
        case CgroupMode::Hybrid:
            return tr("Hybrid — controllers on v1 (%1); v2 at %2")
                .arg(joined(c.cgroupV1Controllers), QString::fromStdString(c.cgroupV2Root));
    }
    return {};
}

void OverviewPage::showInstance(const InstanceInfo& info) {
    instance_ = info;
    project_.reset();
    title_->setText(info.kind == InstanceKind::Host ? tr("This host") : QString::fromStdString(info.name));
    subtitle_->setText(
        tr("%1 · %2").arg(InstanceListModel::kindName(info.kind), InstanceListModel::stateName(info.state)));
    refreshHost();
}

void OverviewPage::showProject(const QString& project, const QString& file,
                               const QList<InstanceInfo>& services) {
    instance_.reset();
    project_ = ProjectShown{project, file, services};
    refreshHost();
}

void OverviewPage::addProjectFacts() {
    const ProjectShown& p = *project_;
    int live = 0;
    QStringList lines;
    for (const InstanceInfo& s : p.services) {
        live += s.state == InstanceState::Running || s.state == InstanceState::Paused;
        QString state = InstanceListModel::stateName(s.state);
        if (!s.health.empty()) state = tr("%1 (%2)").arg(state, InstanceListModel::healthName(s.health));
        lines << tr("%1 — %2, %3")
                     .arg(QString::fromStdString(labelValue(s.labels, kComposeServiceLabel)),
                          InstanceListModel::kindName(s.kind), state);
    }
    title_->setText(p.project);
    subtitle_->setText(tr("%1 · %2 of %n service(s) running", nullptr, int(p.services.size()))
                           .arg(InstanceListModel::projectKindName())
                           .arg(live));
    if (!p.file.isEmpty()) facts_->addRow(tr("Compose file:"), wrapped(p.file, this));
    facts_->addRow(tr("Services:"), wrapped(lines.join(QLatin1Char('\n')), this));
}

void OverviewPage::setHostCapabilities(const HostCapabilities& caps) {
    caps_ = caps;
    refreshHost();
}

void OverviewPage::setLastSample(const MetricSample& sample) {
    const bool hadOne = sample_.has_value();
    sample_ = sample;
    // Once a second: only the figures change, so only their label is set (a rebuilt page costs the
    // GUI most of its idle CPU: every label laid out and painted anew).
    if (load_ && hadOne) {
        const QString text = loadText(sample);
        if (load_->text() != text) load_->setText(text);
    } else {
        refreshHost();
    }
}

QString OverviewPage::loadText(const MetricSample& s) {
    return QStringLiteral("%1  %2  %3")
        .arg(s.load1, 0, 'f', 2)
        .arg(s.load5, 0, 'f', 2)
        .arg(s.load15, 0, 'f', 2);
}

void OverviewPage::setError(const QString& message) {
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
}

void OverviewPage::refreshHost() {
    clearForm(facts_);
    load_ = nullptr;
    const bool isHost = instance_ && instance_->kind == InstanceKind::Host;
    if (isHost && caps_) {
        facts_->addRow(tr("Host name:"), wrapped(QString::fromStdString(caps_->hostname), this));
        facts_->addRow(tr("Kernel:"), wrapped(QString::fromStdString(caps_->kernel), this));
        facts_->addRow(
            tr("CPU:"),
            wrapped(
                tr("%1 (%n core(s))", nullptr, caps_->cpuCount).arg(QString::fromStdString(caps_->cpuModel)),
                this));
        facts_->addRow(tr("Memory:"), wrapped(human::bytes(caps_->memoryTotal), this));
    }
    if (isHost && sample_) {
        load_ = wrapped(loadText(*sample_), this);
        load_->setObjectName(QStringLiteral("overviewLoad"));
        facts_->addRow(tr("Load average:"), load_);
    }
    if (!instance_ && project_) addProjectFacts();  // a compose project's row
    if (instance_ && !isHost) {
        const auto add = [this](const QString& label, const std::string& value) {
            if (!value.empty()) facts_->addRow(label, wrapped(QString::fromStdString(value), this));
        };
        add(tr("Image:"), instance_->image);
        add(tr("Command:"), instance_->command);
        facts_->addRow(
            tr("Limits:"),
            wrapped(instance_->limits.empty() ? tr("none") : QString::fromStdString(instance_->limits),
                    this));
        add(tr("Volumes:"), instance_->mounts);
        add(tr("Devices:"), instance_->devices);
        add(tr("Status:"), instance_->detail);
        if (const std::string project = projectOf(*instance_); !project.empty())
            facts_->addRow(
                tr("Compose project:"),
                wrapped(tr("%1 (service %2)")
                            .arg(QString::fromStdString(project),
                                 QString::fromStdString(labelValue(instance_->labels, kComposeServiceLabel))),
                        this));
        QStringList labels;
        for (const auto& [key, value] : instance_->labels)
            if (!key.starts_with("juxta.")) labels << QString::fromStdString(key + "=" + value);
        if (!labels.isEmpty()) facts_->addRow(tr("Labels:"), wrapped(labels.join(QLatin1Char('\n')), this));
        add(tr("Id:"), instance_->id);
    }
    const auto timeline = instance_ && !instance_->timelineJson.empty()
                              ? PhaseTimeline::fromJson(instance_->timelineJson)
                              : Result<PhaseTimeline>(Error(ENOENT, "no timeline"));
    timelineBox_->setVisible(timeline.ok());
    if (timeline) {
        timeline_->setTimeline(*timeline);
        timelineBox_->setTitle(
            tr("Start-up, phase by phase: %1 ms in all").arg(timeline->totalMs(), 0, 'f', 2));
    }
    if (instance_ && instance_->startedAtMs > 0 && instance_->state == InstanceState::Running)
        facts_->addRow(isHost ? tr("Up since:") : tr("Started:"),
                       wrapped(QLocale().toString(QDateTime::fromMSecsSinceEpoch(instance_->startedAtMs),
                                                  QLocale::ShortFormat),
                               this));

    hostBox_->setVisible(isHost && caps_);
    if (!isHost || !caps_) return;
    // One rich-text table: wraps with the window's width, unlike a form of word-wrapped labels.
    QString html = QStringLiteral("<table cellspacing='6'>");
    const auto row = [&html](const QString& label, bool ok, const QString& text) {
        html +=
            QStringLiteral("<tr><td><b>%1</b></td><td style='color:%2'>%3 %4</td></tr>")
                .arg(label.toHtmlEscaped(), ok ? QStringLiteral("palette(text)") : QStringLiteral("#d97706"),
                     ok ? QStringLiteral("✔") : QStringLiteral("⚠"), text.toHtmlEscaped());
    };
    const HostCapabilities& c = *caps_;
    row(tr("KVM:"), c.kvm == KvmKind::Hardware, kvmText(c));
    row(tr("cgroups:"), c.cgroupMode != CgroupMode::None, cgroupText(c));
    row(tr("User namespaces:"), c.userNamespaces,
        c.userNamespaces ? tr("Available") : tr("Not available — rootless containers cannot run"));
    row(tr("overlayfs:"), c.overlayfs,
        c.overlayfs ? tr("Available") : tr("Not available — load the overlay module"));
    row(tr("/dev/net/tun:"), c.tun, c.tun ? tr("Available") : tr("Not available — load the tun module"));
    row(tr("Privileges:"), c.root, c.root ? tr("Running as root") : tr("Not root — containers run rootless"));
    html += QStringLiteral("</table>");
    if (hostDetails_->text() != html) hostDetails_->setText(html);
    hostDetails_->setToolTip(
        QString::fromStdString(c.kvmDetail + "\n" + c.cgroupDetail + "\n" + c.userNamespacesDetail));
}

}  // namespace juxta::ui
