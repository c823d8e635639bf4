#include "compare/compare_setup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "bench/workloads/catalogue.h"
#include "compare/figure_format.h"
#include "compare/scenario.h"
#include "compare/variant_palette.h"
#include "compose/parse.h"
#include "pages/overview_page.h"

namespace juxta::ui {
namespace {

// A word-wrapped label in the form is exactly as tall as its text at the width it has. Left to
// QFormLayout's height-for-width, a row kept the height it was laid out with: when a label's text
// changed later (a compose file's summary) the setup shrank and the workload summary's first and
// last lines were cut; and a label laid out narrow first kept a gap. So the label does not offer
// height-for-width at all; its height is fixed to what its text needs whenever its width or text
// changes, and the form lays that out as any fixed-height widget.
class WholeText : public QObject {
  public:
    explicit WholeText(QLabel* label) : QObject(label), label_(label) {
        QSizePolicy policy = label->sizePolicy();
        policy.setHeightForWidth(false);
        label->setSizePolicy(policy);
        label->installEventFilter(this);
    }
    static void fit(QLabel* label) {
        // With a minimum in place heightForWidth answers at least that: asked without, what the
        // text needs.
        label->setMinimumHeight(0);
        label->setMaximumHeight(QWIDGETSIZE_MAX);
        const int needed = label->text().isEmpty() ? 0 : std::max(0, label->heightForWidth(label->width()));
        label->setFixedHeight(needed);
    }

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == label_ && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
            fit(label_);
        return false;
    }

  private:
    QLabel* label_;
};

void setWholeText(QLabel* label, const QString& text) {
    label->setText(text);
    WholeText::fit(label);
}

QCheckBox* variantBox(const QString& text, const QString& variant, QWidget* parent) {
    auto* box = new QCheckBox(text, parent);
    box->setObjectName(variant);
    // The variant's colour as a swatch, so the form already shows the charts' legend.
    QPixmap swatch(12, 12);
    swatch.fill(variantColor(variant));
    box->setIcon(QIcon(swatch));
    return box;
}

}  // namespace

CompareSetup::CompareSetup(QWidget* parent)
    : QWidget(parent),
      workload_(new QComboBox(this)),
      summary_(new QLabel(this)),
      host_(variantBox(tr("&Host process (the baseline)"), QStringLiteral("host"), this)),
      container_(variantBox(tr("&Container"), QStringLiteral("container"), this)),
      vm_(variantBox(tr("&VM"), QStringLiteral("vm"), this)),
      vmReason_(new QLabel(this)),
      repeats_(new QSpinBox(this)),
      vmMemory_(new QSpinBox(this)),
      vmVcpus_(new QSpinBox(this)),
      containerMemory_(new QLineEdit(this)),
      containerCpus_(new QLineEdit(this)),
      densityKind_(new QComboBox(this)),
      densityMax_(new QSpinBox(this)),
      written_(variantBox(tr("As &written (mixed: each service as its x-juxta says)"),
                          QStringLiteral("written"), this)),
      composeRow_(new QWidget(this)),
      composeFile_(new QLineEdit(composeRow_)),
      composeSummary_(new QLabel(this)),
      loadService_(new QComboBox(this)),
      hog_(new QComboBox(this)),
      loadSeconds_(new QSpinBox(this)),
      connections_(new QSpinBox(this)) {
    workload_->setObjectName(QStringLiteral("workload"));
    for (const workloads::Workload& w : workloads::catalogue())
        if (w.use != workloads::Use::ScenarioPart && w.use != workloads::Use::Benchmark)
            workload_->addItem(QString::fromUtf8(w.name.data(), qsizetype(w.name.size())),
                               figures::workloadSummary(std::string(w.name), std::string(w.summary)));
    workload_->addItem(QStringLiteral("density"),
                       tr("N = 1, 2, 4, … idle instances at once: host memory and start time "
                          "against N, and how many would fit"));
    summary_->setWordWrap(true);
    summary_->setForegroundRole(QPalette::PlaceholderText);
    const auto showSummary = [this] { setWholeText(summary_, workload_->currentData().toString()); };
    connect(workload_, &QComboBox::currentIndexChanged, this, showSummary);
    showSummary();

    host_->setChecked(true);
    container_->setChecked(true);
    vmReason_->setObjectName(QStringLiteral("vmReason"));
    vmReason_->setTextFormat(Qt::PlainText);
    vmReason_->setWordWrap(true);
    vmReason_->setForegroundRole(QPalette::PlaceholderText);
    vmReason_->hide();

    repeats_->setObjectName(QStringLiteral("repeats"));
    repeats_->setRange(1, 50);
    repeats_->setValue(5);
    vmMemory_->setRange(64, 65536);
    vmMemory_->setSingleStep(64);
    vmMemory_->setValue(256);
    vmMemory_->setSuffix(tr(" MiB"));
    vmVcpus_->setRange(1, 64);
    containerMemory_->setObjectName(QStringLiteral("containerMemory"));
    containerCpus_->setObjectName(QStringLiteral("containerCpus"));
    containerCpus_->setPlaceholderText(tr("no limit, e.g. 1.5"));

    written_->setChecked(true);
    auto* variants = new QVBoxLayout;
    variants->setSpacing(2);
    for (QWidget* w :
         {static_cast<QWidget*>(host_), static_cast<QWidget*>(container_), static_cast<QWidget*>(vm_),
          static_cast<QWidget*>(written_), static_cast<QWidget*>(vmReason_)})
        variants->addWidget(w);
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Workload:"), workload_);
    form->addRow(QString(), summary_);

    composeFile_->setObjectName(QStringLiteral("composeFile"));
    composeFile_->setPlaceholderText(tr("compose.yaml of your stack"));
    auto* browse = new QToolButton(composeRow_);
    browse->setObjectName(QStringLiteral("browseCompose"));
    browse->setText(tr("Browse…"));
    auto* fileRow = new QHBoxLayout(composeRow_);
    fileRow->setContentsMargins(0, 0, 0, 0);
    fileRow->addWidget(composeFile_, 1);
    fileRow->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Compose File to Compare"), composeFile_->text(),
                                         tr("Compose files (compose.yaml compose.yml docker-compose.yaml "
                                            "docker-compose.yml *.yaml *.yml);;"
                                            "All files (*)"));
        if (!file.isEmpty()) setComposeFile(file);
    });
    connect(composeFile_, &QLineEdit::editingFinished, this, &CompareSetup::readComposeFile);
    composeSummary_->setObjectName(QStringLiteral("composeSummary"));
    composeSummary_->setTextFormat(Qt::PlainText);
    composeSummary_->setWordWrap(true);
    for (QLabel* label : {summary_, vmReason_, composeSummary_}) new WholeText(label);
    composeSummary_->setForegroundRole(QPalette::PlaceholderText);
    loadService_->setObjectName(QStringLiteral("loadService"));
    hog_->setObjectName(QStringLiteral("hog"));
    loadSeconds_->setRange(1, 600);
    loadSeconds_->setValue(10);
    loadSeconds_->setSuffix(tr(" s each"));
    connections_->setRange(1, 64);
    connections_->setValue(4);
    form->addRow(tr("Compose &file:"), composeRow_);
    form->addRow(QString(), composeSummary_);
    form->addRow(tr("Run as:"), variants);
    form->addRow(tr("&Load on:"), loadService_);
    form->addRow(tr("Load &time:"), loadSeconds_);
    form->addRow(tr("C&onnections:"), connections_);
    form->addRow(tr("Exhausts its memory:"), hog_);
    readComposeFile();
    form->addRow(tr("&Repeats:"), repeats_);
    form->addRow(tr("VM &memory:"), vmMemory_);
    form->addRow(tr("VM v&CPUs:"), vmVcpus_);
    form->addRow(tr("Container m&emory:"), containerMemory_);
    form->addRow(tr("Container CP&Us:"), containerCpus_);
    densityKind_->addItem(tr("containers"), QStringLiteral("container"));
    densityKind_->addItem(tr("VMs"), QStringLiteral("vm"));
    densityMax_->setRange(1, 256);
    densityMax_->setValue(16);
    connect(densityKind_, &QComboBox::currentIndexChanged, this,
            [this](int i) { densityMax_->setValue(i == 0 ? 16 : 8); });  // the defaults
    form->addRow(tr("&Density of:"), densityKind_);
    form->addRow(tr("Up to &N:"), densityMax_);
    const auto showDensity = [this, form, variants] {
        const bool density = densitySweep();
        form->setRowVisible(densityKind_, density);
        form->setRowVisible(densityMax_, density);
        form->setRowVisible(variants, !density);
        // The compose scenario: the file's own limits and VM sizes, its own load settings.
        const bool compose = composeScenario();
        for (QWidget* w : {composeRow_, static_cast<QWidget*>(composeSummary_),
                           static_cast<QWidget*>(loadService_), static_cast<QWidget*>(loadSeconds_),
                           static_cast<QWidget*>(connections_), static_cast<QWidget*>(hog_)})
            form->setRowVisible(w, compose);
        written_->setVisible(compose);
        form->setRowVisible(containerMemory_, !density && !compose);
        form->setRowVisible(containerCpus_, !density && !compose);
        form->setRowVisible(vmMemory_, !compose);
        form->setRowVisible(vmVcpus_, !compose);
        // A scenario runs as containers and VMs, once: no host baseline, no repeats.
        const bool scenario = compare::isScenario(workload_->currentText().toStdString());
        form->setRowVisible(repeats_, !density && !scenario);
        // The user's baseline choice comes back with a workload that has one.
        if (scenario && host_->isEnabled()) {
            hostWanted_ = host_->isChecked();
            host_->setChecked(false);
        } else if (!scenario && !host_->isEnabled()) {
            host_->setChecked(hostWanted_);
        }
        host_->setEnabled(!scenario);
        containerMemory_->setPlaceholderText(scenario ? tr("64M for each service unless set")
                                                      : tr("no limit, e.g. 256M"));
        emit changed();
    };
    connect(workload_, &QComboBox::currentIndexChanged, this, showDensity);
    showDensity();
    for (QCheckBox* box : {host_, container_, vm_, written_})
        connect(box, &QCheckBox::toggled, this, &CompareSetup::changed);
    connect(vm_, &QCheckBox::toggled, this, [this](bool on) {
        vmMemory_->setEnabled(on);
        vmVcpus_->setEnabled(on);
    });
    vmMemory_->setEnabled(false);
    vmVcpus_->setEnabled(false);
}

QCheckBox* CompareSetup::variant(const QString& name) const {
    if (name == QLatin1String("written")) return written_;
    return name == QLatin1String("host") ? host_ : name == QLatin1String("container") ? container_ : vm_;
}

bool CompareSetup::composeScenario() const {
    return workload_->currentText() == QLatin1String("compose");
}

void CompareSetup::setComposeFile(const QString& file) {
    workload_->setCurrentIndex(workload_->findText(QStringLiteral("compose")));
    composeFile_->setText(file);
    readComposeFile();
}

// The file's services into the load and hog choices, or what is wrong with it.
void CompareSetup::readComposeFile() {
    const QString keepLoad = loadService_->currentData().toString();
    const QString keepHog = hog_->currentData().toString();
    loadService_->clear();
    hog_->clear();
    loadService_->addItem(tr("the first service that publishes a port"), QStringLiteral("auto"));
    hog_->addItem(tr("the service with the smallest memory limit"), QStringLiteral("auto"));
    hog_->addItem(tr("none (no isolation phase)"), QStringLiteral("none"));
    composeReadable_ = false;
    const QString path = composeFile_->text().trimmed();
    if (path.isEmpty()) {
        setWholeText(composeSummary_,
                     tr("Choose your stack's compose file: it runs once as containers, once as VMs and "
                        "once as it is written."));
        emit changed();
        return;
    }
    auto project = compose::loadProject(path.toStdString(), "", std::nullopt);
    if (!project) {
        setWholeText(composeSummary_, QString::fromStdString(project.error().message()));
        emit changed();
        return;
    }
    composeReadable_ = true;
    QStringList names;
    int vms = 0;
    // What "auto" picks (compose_scenario.h): the first service publishing TCP; the smallest limit but it.
    const compose::Service *loaded = nullptr, *hog = nullptr;
    for (const compose::Service& s : project->services)
        for (const compose::Port& p : s.ports)
            if (!loaded && p.protocol == "tcp") loaded = &s;
    for (const compose::Service& s : project->services)
        if (&s != loaded && s.memoryBytes && (!hog || *s.memoryBytes < *hog->memoryBytes)) hog = &s;
    if (loaded)
        loadService_->setItemText(
            0, tr("the first service that publishes a port: %1").arg(QString::fromStdString(loaded->name)));
    if (hog)
        hog_->setItemText(
            0, tr("the service with the smallest memory limit: %1").arg(QString::fromStdString(hog->name)));
    for (const compose::Service& s : project->services) {
        const QString name = QString::fromStdString(s.name);
        const bool vm = s.as == compose::RunAs::Vm;
        vms += vm;
        names << (vm ? tr("%1 (VM)").arg(name) : name);
        loadService_->addItem(name, name);
        hog_->addItem(
            s.memoryBytes ? tr("%1 (limit %2)").arg(name, figures::value(double(*s.memoryBytes), "B")) : name,
            name);
    }
    setWholeText(composeSummary_,
                 tr("%1: %2").arg(QString::fromStdString(project->name), names.join(QStringLiteral(", "))) +
                     (vms == 0 ? tr(" — as written, every service is a container") : QString()));
    // As written is a run of its own only where the file mixes kinds.
    written_->setChecked(vms > 0 && vms < int(project->services.size()));
    if (int i = loadService_->findData(keepLoad); i >= 0) loadService_->setCurrentIndex(i);
    if (int i = hog_->findData(keepHog); i >= 0) hog_->setCurrentIndex(i);
    emit changed();
}

void CompareSetup::setHostCapabilities(const HostCapabilities& caps) {
    if (caps.stockGuestsBoot) {
        vmReason_->hide();
        vm_->setToolTip({});
        return;
    }
    const QString reason = tr("Unavailable on this host: %1").arg(OverviewPage::kvmText(caps));
    setWholeText(vmReason_, reason);
    vmReason_->show();
    vm_->setToolTip(reason + QLatin1Char('\n') +
                    tr("Ticked anyway, the result records why the VM did not run."));
    vm_->setChecked(false);
}

bool CompareSetup::densitySweep() const {
    return workload_->currentIndex() == workload_->count() - 1;
}

CompareRequest CompareSetup::request() const {
    CompareRequest r;
    r.density = densitySweep();
    r.densityKind = densityKind_->currentData().toString();
    r.densityMax = densityMax_->value();
    r.workload = workload_->currentText();
    for (QCheckBox* box : {host_, container_, vm_})
        if (box->isChecked()) r.variants << box->objectName();
    if (composeScenario()) {
        if (written_->isChecked()) r.variants << written_->objectName();
        r.composeFile = composeFile_->text().trimmed();
        r.loadService = loadService_->currentData().toString();
        r.hog = hog_->currentData().toString();
        r.loadSeconds = loadSeconds_->value();
        r.connections = connections_->value();
    }
    r.repeats = repeats_->value();
    r.vmMemoryMib = vmMemory_->value();
    r.vmVcpus = vmVcpus_->value();
    r.containerMemory = containerMemory_->text().trimmed();
    r.containerCpus = containerCpus_->text().trimmed();
    return r;
}

QString CompareSetup::problem() const {
    if (composeScenario()) {
        if (composeFile_->text().trimmed().isEmpty()) return tr("Choose a compose file.");
        if (!composeReadable_) return tr("The compose file cannot be read: %1").arg(composeSummary_->text());
        if (!container_->isChecked() && !vm_->isChecked() && !written_->isChecked())
            return tr("Tick at least one way to run the stack.");
        return {};
    }
    if (!densitySweep() && !host_->isChecked() && !container_->isChecked() && !vm_->isChecked())
        return tr("Tick at least one way to run the workload.");
    return {};
}

}  // namespace juxta::ui
