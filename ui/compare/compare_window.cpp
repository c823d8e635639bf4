#include "compare/compare_window.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "bridge/compare_runner.h"
#include "bridge/saved_comparisons.h"
#include "compare/compare_setup.h"
#include "compare/comparison_table_model.h"
#include "compare/figure_format.h"
#include "compare/presentation_window.h"
#include "compare/recorded_chart.h"
#include "compare/replay_control.h"
#include "compare/report_writer.h"
#include "compare/scenario.h"
#include "format.h"

namespace juxta::ui {
namespace {

QString variantsText(const compare::Manifest& m) {
    QStringList names;
    const bool compose = m.workload == "compose";
    for (InstanceKind k : m.variants) {
        compare::ScenarioRun way;
        way.way = compose ? juxta::toString(k) : std::string();
        way.kind = k;
        names << figures::runName(way);
    }
    if (const auto written = m.parameters.find("written");
        compose && (written == m.parameters.end() || written->second == "yes")) {
        compare::ScenarioRun way;
        way.way = "written";
        names << figures::runName(way);
    }
    return names.join(QStringLiteral(", "));
}

// The workload, or for the compose scenario its file (its directory's name and its own).
QString workloadText(const compare::Manifest& m) {
    const auto file = m.parameters.find("file");
    if (m.workload != "compose" || file == m.parameters.end()) return QString::fromStdString(m.workload);
    const QFileInfo info(QString::fromStdString(file->second));
    return info.dir().dirName() + QLatin1Char('/') + info.fileName();
}

QTableView* makeTableView(ComparisonTableModel* model, QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setObjectName(QStringLiteral("figures"));
    view->setModel(model);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

}  // namespace

CompareWindow::CompareWindow(QWidget* parent)
    : QWidget(parent, Qt::Window),
      runner_(new CompareRunner(this)),
      savedStore_(new SavedComparisons(this)),
      setup_(new CompareSetup(this)),
      run_(new QPushButton(tr("&Run"), this)),
      cancel_(new QPushButton(tr("&Cancel"), this)),
      progress_(new QProgressBar(this)),
      step_(new QLabel(this)),
      saved_(new QListWidget(this)),
      heading_(new QLabel(this)),
      results_(new QTabWidget(this)),
      table_(new ComparisonTableModel(this)),
      replay_(new ReplayControl(this)) {
    setWindowTitle(tr("Compare — Juxta"));
    resize(1400, 880);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(makeLeftPane());
    splitter->addWidget(makeResultsPane());
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({340, 1060});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(run_, &QPushButton::clicked, this, &CompareWindow::run);
    connect(cancel_, &QPushButton::clicked, this, &CompareWindow::cancel);
    connect(runner_, &CompareRunner::progress, this, [this](const QString& step, double fraction) {
        step_->setText(step);
        if (fraction < 0)
            progress_->setRange(0, 0);  // busy: the harness did not say how far
        else {
            progress_->setRange(0, 1000);
            progress_->setValue(int(fraction * 1000));
        }
    });
    connect(runner_, &CompareRunner::finished, this, &CompareWindow::onFinished);
    connect(runner_, &CompareRunner::failed, this, &CompareWindow::onFailed);
    connect(runner_, &CompareRunner::cancelled, this, [this](const compare::Comparison&) {
        setRunning(false);
        step_->setText(
            tr("Cancelled: the harness stopped and removed what it had started; nothing was saved."));
        emit runEnded(false);
    });
    connect(replay_, &ReplayControl::positionChanged, this, [this](double ms) {
        for (const ComparisonChart& c : std::as_const(charts_))
            if (c.recorded) c.recorded->revealUntil(ms);
    });
    connect(setup_, &CompareSetup::changed, this,
            [this] { run_->setEnabled(!running() && setup_->problem().isEmpty()); });
    connect(savedStore_, &SavedComparisons::listed, this, &CompareWindow::showSaved);
    connect(savedStore_, &SavedComparisons::opened, this, &CompareWindow::showComparison);
    connect(savedStore_, &SavedComparisons::openFailed, this, [this](const QString&, const QString& message) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Open"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();  // not modal to the event loop: reading went on without the window waiting
    });
    setRunning(false);
    refreshSaved();
}

QWidget* CompareWindow::makeLeftPane() {
    auto* pane = new QWidget(this);
    auto* form = new QGroupBox(tr("Run a comparison"), pane);
    auto* formLayout = new QVBoxLayout(form);
    formLayout->addWidget(setup_);
    auto* buttons = new QHBoxLayout;
    run_->setObjectName(QStringLiteral("run"));
    run_->setDefault(true);
    cancel_->setObjectName(QStringLiteral("cancel"));
    cancel_->setToolTip(tr("Stop the comparison; the harness removes what it started"));
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    formLayout->addLayout(buttons);
    progress_->setObjectName(QStringLiteral("progress"));
    step_->setObjectName(QStringLiteral("step"));
    step_->setTextFormat(Qt::PlainText);  // harness messages quote what the workloads printed
    step_->setWordWrap(true);
    step_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    formLayout->addWidget(progress_);
    formLayout->addWidget(step_);

    auto* savedBox = new QGroupBox(tr("Saved comparisons"), pane);
    auto* savedLayout = new QVBoxLayout(savedBox);
    saved_->setObjectName(QStringLiteral("saved"));
    saved_->setToolTip(
        tr("Double-click to reopen: the charts come from what was recorded, nothing runs again"));
    savedLayout->addWidget(saved_);
    auto* open = new QPushButton(tr("&Open"), savedBox);
    savedLayout->addWidget(open);
    const auto openCurrent = [this] {
        if (saved_->currentItem()) openSaved(saved_->currentItem()->data(Qt::UserRole).toString());
    };
    connect(open, &QPushButton::clicked, this, openCurrent);
    connect(saved_, &QListWidget::itemActivated, this, openCurrent);

    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(form);
    layout->addWidget(savedBox, 1);
    return pane;
}

QWidget* CompareWindow::makeResultsPane() {
    auto* pane = new QWidget(this);
    heading_->setObjectName(QStringLiteral("heading"));
    heading_->setWordWrap(true);
    heading_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    heading_->setText(tr("Run a comparison, or open a saved one."));
    auto* present = new QPushButton(tr("&Present"), pane);
    present->setToolTip(tr("Full screen, one chart at a time (← → to move, Esc to leave)"));
    connect(present, &QPushButton::clicked, this, &CompareWindow::present);
    auto* exportAll = new QPushButton(tr("&Export…"), pane);
    exportAll->setToolTip(
        tr("Into a folder: the PDF report, every chart as PNG and SVG, CSV, JSON and Markdown"));
    connect(exportAll, &QPushButton::clicked, this, &CompareWindow::chooseExportFolder);
    auto* report = new QPushButton(tr("PDF &report…"), pane);
    connect(report, &QPushButton::clicked, this, &CompareWindow::chooseReportFile);
    resultActions_ = {present, exportAll, report};
    auto* top = new QHBoxLayout;
    top->addWidget(heading_, 1);
    for (QPushButton* b : std::as_const(resultActions_)) top->addWidget(b);
    results_->setObjectName(QStringLiteral("results"));
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(results_, 1);
    for (QPushButton* b : std::as_const(resultActions_)) b->setEnabled(false);
    return pane;
}

void CompareWindow::setHostCapabilities(const HostCapabilities& caps) {
    setup_->setHostCapabilities(caps);
}

bool CompareWindow::running() const {
    return runner_->running();
}

void CompareWindow::setRunning(bool running) {
    run_->setEnabled(!running && setup_->problem().isEmpty());
    cancel_->setEnabled(running);
    setup_->setEnabled(!running);
    progress_->setVisible(running);
    if (running) progress_->setRange(0, 0);
}

void CompareWindow::run() {
    if (running()) return;
    if (const QString problem = setup_->problem(); !problem.isEmpty()) {
        step_->setText(problem);
        return;
    }
    if (Status s = runner_->start(setup_->request()); !s) {
        step_->setText(QString::fromStdString(s.error().message()));
        return;
    }
    setRunning(true);
}

void CompareWindow::cancel() {
    runner_->cancel();
}

void CompareWindow::onFinished(const compare::Comparison& c) {
    setRunning(false);
    step_->setText(tr("Finished in %1.").arg(human::duration(c.durationMs / 1000.0)));
    refreshSaved();
    showComparison(c);
    emit runEnded(true);
}

void CompareWindow::onFailed(const QString& message) {
    setRunning(false);
    step_->setText(tr("The comparison failed: %1").arg(message));
    emit runEnded(false);
}

void CompareWindow::showComparison(const compare::Comparison& c) {
    comparison_ = c;
    const int tab = results_->currentIndex();
    while (results_->count() > 0) {
        QWidget* page = results_->widget(0);
        results_->removeTab(0);
        page->deleteLater();
    }
    replay_->hide();  // kept across results; placed again below when there is something to replay
    replay_->setParent(this);
    table_->setComparison(c);
    heading_->setText(
        (compare::isScenario(c.manifest.workload)
             ? tr("<b>%1</b> as %2 · %3<br>%4")
             : tr("<b>%1</b> as %2 · %n repeat(s) · %3<br>%4", nullptr, c.manifest.repeats))
            .arg(workloadText(c.manifest).toHtmlEscaped(), variantsText(c.manifest).toHtmlEscaped(),
                 QString::fromStdString(c.host.date).toHtmlEscaped(), hostText(c.host).toHtmlEscaped()));

    charts_.clear();
    auto* summary = new QSplitter(Qt::Vertical);
    charts_ = makeComparisonCharts(c, summary);
    const auto take = [this](const QString& name) -> QWidget* {
        for (const ComparisonChart& chart : std::as_const(charts_))
            if (chart.name == name) return chart.widget;
        return nullptr;
    };
    if (QWidget* ratios = take(QStringLiteral("ratios"))) summary->addWidget(ratios);
    summary->addWidget(makeTableView(table_, summary));
    if (!c.variants.empty() || !c.scenario.empty())
        results_->addTab(summary, tr("Summary"));
    else
        summary->deleteLater();  // a density sweep: its own tab below
    if (QWidget* w = take(QStringLiteral("startup"))) results_->addTab(w, tr("Start-up"));
    if (QWidget* w = take(QStringLiteral("memory"))) results_->addTab(w, tr("Memory"));
    if (QWidget* cpu = take(QStringLiteral("recorded-cpu"))) {
        auto* page = new QWidget;
        auto* layout = new QVBoxLayout(page);
        layout->addWidget(replay_);
        replay_->show();
        layout->addWidget(cpu, 1);
        layout->addWidget(take(QStringLiteral("recorded-memory")), 1);
        results_->addTab(page, tr("While it ran"));
        replay_->setDuration(static_cast<RecordedChart*>(cpu)->durationMs());
    }
    if (QWidget* memory = take(QStringLiteral("stack-memory"))) {
        auto* page = new QWidget;
        auto* layout = new QHBoxLayout(page);
        layout->addWidget(memory);
        layout->addWidget(take(QStringLiteral("stack-ready")));
        results_->addTab(page, tr("The stack"));
        if (QWidget* requests = take(QStringLiteral("compose-requests"))) {  // the compose scenario's load
            auto* load = new QWidget;
            auto* row = new QHBoxLayout(load);
            row->addWidget(requests);
            row->addWidget(take(QStringLiteral("compose-latency")));
            results_->addTab(load, tr("Load"));
        }
        auto* isolation = new QWidget;
        auto* column = new QVBoxLayout(isolation);
        for (const ComparisonChart& chart : std::as_const(charts_))
            if (chart.name.startsWith(QLatin1String("isolation-"))) column->addWidget(chart.widget, 1);
        if (column->isEmpty())
            isolation->deleteLater();
        else
            results_->addTab(isolation, tr("Isolation"));
    }
    if (QWidget* density = take(QStringLiteral("density-memory"))) {
        auto* page = new QWidget;
        auto* layout = new QHBoxLayout(page);
        layout->addWidget(density);
        layout->addWidget(take(QStringLiteral("density-start")));
        results_->addTab(page, tr("Density"));
    }
    results_->setCurrentIndex(std::clamp(tab, 0, results_->count() - 1));
    for (QPushButton* b : std::as_const(resultActions_)) b->setEnabled(true);
}

void CompareWindow::openSaved(const QString& id) {
    savedStore_->open(id);
}

void CompareWindow::refreshSaved() {
    savedStore_->list();
}

void CompareWindow::showSaved(const std::vector<SavedComparison>& saved) {
    const QString current =
        saved_->currentItem() ? saved_->currentItem()->data(Qt::UserRole).toString() : QString();
    saved_->clear();
    for (const SavedComparison& c : saved) {
        auto* item = new QListWidgetItem(
            tr("%1 · %2 · %3")
                .arg(workloadText(c.manifest), variantsText(c.manifest), QString::fromStdString(c.host.date)),
            saved_);
        item->setData(Qt::UserRole, QString::fromStdString(c.id));
        item->setToolTip(hostText(c.host));
        if (item->data(Qt::UserRole).toString() == current) saved_->setCurrentItem(item);
    }
}

PresentationWindow* CompareWindow::present() {
    if (!comparison_) return nullptr;
    auto* presentation = new PresentationWindow(this);
    for (const ComparisonChart& chart : makeComparisonCharts(*comparison_, presentation))
        presentation->addSlide(chart.title, chart.widget);
    auto* model = new ComparisonTableModel(presentation);
    model->setComparison(*comparison_);
    presentation->addSlide(tr("Every figure"), makeTableView(model, presentation));
    presentation->present();
    return presentation;
}

Result<QStringList> CompareWindow::exportTo(const QString& directory) {
    if (!comparison_) return Error(EINVAL, tr("Run or open a comparison first.").toStdString());
    return exportComparison(*comparison_, directory);
}

void CompareWindow::chooseExportFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the comparison into"));
    if (dir.isEmpty()) return;
    const auto written = exportTo(dir);
    if (!written)
        QMessageBox::warning(this, tr("Export"), QString::fromStdString(written.error().message()));
    else
        step_->setText(tr("Wrote %n file(s) to %1.", nullptr, int(written->size())).arg(dir));
}

void CompareWindow::chooseReportFile() {
    if (!comparison_) return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save the PDF report"), QString::fromStdString(comparison_->id) + QStringLiteral(".pdf"),
        tr("PDF (*.pdf)"));
    if (path.isEmpty()) return;
    if (Status s = writePdfReport(*comparison_, path); !s)
        QMessageBox::warning(this, tr("PDF report"), QString::fromStdString(s.error().message()));
}

}  // namespace juxta::ui
