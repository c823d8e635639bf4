#include "compare/compare_setup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "bench/workloads/catalogue.h"
#include "compare/figure_format.h"
#include "compare/scenario.h"
#include "compare/variant_palette.h"
#include "pages/overview_page.h"

namespace juxta::ui {
namespace {

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
      densityMax_(new QSpinBox(this)) {
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
    const auto showSummary = [this] { summary_->setText(workload_->currentData().toString()); };
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

    auto* variants = new QVBoxLayout;
    variants->setSpacing(2);
    for (QWidget* w : {static_cast<QWidget*>(host_), static_cast<QWidget*>(container_),
                       static_cast<QWidget*>(vm_), static_cast<QWidget*>(vmReason_)})
        variants->addWidget(w);
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Workload:"), workload_);
    form->addRow(QString(), summary_);
    form->addRow(tr("Run as:"), variants);
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
        form->setRowVisible(containerMemory_, !density);
        form->setRowVisible(containerCpus_, !density);
        // A scenario runs as containers and VMs, once: no host baseline, no repeats.
        const bool scenario = compare::isScenario(workload_->currentText().toStdString());
        form->setRowVisible(repeats_, !density && !scenario);
        if (scenario) host_->setChecked(false);
        host_->setEnabled(!scenario);
        containerMemory_->setPlaceholderText(scenario ? tr("64M for each service unless set")
                                                      : tr("no limit, e.g. 256M"));
        emit changed();
    };
    connect(workload_, &QComboBox::currentIndexChanged, this, showDensity);
    showDensity();
    for (QCheckBox* box : {host_, container_, vm_})
        connect(box, &QCheckBox::toggled, this, &CompareSetup::changed);
    connect(vm_, &QCheckBox::toggled, this, [this](bool on) {
        vmMemory_->setEnabled(on);
        vmVcpus_->setEnabled(on);
    });
    vmMemory_->setEnabled(false);
    vmVcpus_->setEnabled(false);
}

QCheckBox* CompareSetup::variant(const QString& name) const {
    return name == QLatin1String("host") ? host_ : name == QLatin1String("container") ? container_ : vm_;
}

void CompareSetup::setHostCapabilities(const HostCapabilities& caps) {
    if (caps.stockGuestsBoot) {
        vmReason_->hide();
        vm_->setToolTip({});
        return;
    }
    const QString reason = tr("Unavailable on this host: %1").arg(OverviewPage::kvmText(caps));
    vmReason_->setText(reason);
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
    r.repeats = repeats_->value();
    r.vmMemoryMib = vmMemory_->value();
    r.vmVcpus = vmVcpus_->value();
    r.containerMemory = containerMemory_->text().trimmed();
    r.containerCpus = containerCpus_->text().trimmed();
    return r;
}

QString CompareSetup::problem() const {
    if (!densitySweep() && !host_->isChecked() && !container_->isChecked() && !vm_->isChecked())
        return tr("Tick at least one way to run the workload.");
    return {};
}

}  // namespace juxta::ui
