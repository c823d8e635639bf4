// The compose scenario in the Compare window, offscreen: the picker's "compose" asks for a file (and says
// what is wrong with a bad one, line and column), reads its services into the load and hog choices, and
// offers "as written" beside containers and VMs; the request becomes the harness's manifest. A saved
// compose comparison shows a column per way in the table (each service's kind as written), the stack's
// memory and readiness, the load's requests/s and latency, and isolation for the ways that had a hog.
#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

#include "bridge/compare_runner.h"
#include "compare/compare_setup.h"
#include "compare/compare_window.h"
#include "compare/comparison_table_model.h"
#include "test_compare_fixture.h"

using namespace juxta;
using namespace juxta::ui;

namespace {

// containers (web loaded, cache the hog), VMs (unavailable), as written (cache a VM).
compare::Comparison sampleCompose() {
    using namespace compare;
    Comparison c;
    c.id = "fixture-compose";
    c.host = test::sampleComparison().host;
    c.manifest.workload = "compose";
    c.manifest.variants = {InstanceKind::Container, InstanceKind::Vm};
    c.manifest.parameters = {{"file", "/srv/shop/compose.yaml"}, {"written", "yes"}};
    c.manifest.repeats = 1;
    c.durationMs = 90000;
    ScenarioRun containers;
    containers.way = "container";
    containers.allReadyMs = 4200;
    containers.idleCpuPercent = 3.5;
    containers.loadTarget = "web: GET http://127.0.0.1:8000/";
    containers.load = LoadFigures{10, 4, 980, 0, 98, 40, 70};
    containers.loadDuringHog = LoadFigures{10, 4, 610, 2, 61, 58, 280};
    containers.loadAfterHog = LoadFigures{10, 4, 1000, 0, 100, 35, 75};
    containers.hog = "cache";
    containers.hogStartMs = 21000;
    containers.hogEndMs = 23000;
    for (const char* name : {"cache", "web"}) {
        ServiceResult s;
        s.name = name;
        s.kind = "container";
        s.readyMs = std::string(name) == "web" ? 4200 : 1200;
        s.memoryBytes = std::string(name) == "web" ? 90e6 : 6e6;
        s.idleCpuPercent = 1.5;
        s.diskUniqueBytes = 4096;
        s.diskSharedBytes = 2e6;
        s.hog = std::string(name) == "cache";
        s.oomKilled = s.hog;
        s.end = s.hog ? "its hog was OOM-killed; the service: running" : "running (healthy)";
        if (!s.hog) {
            for (int t = 1; t <= 30; ++t)
                s.opsPerS.emplace_back(10000 + t * 1000, t > 11 && t < 14 ? 60 : 98);
            s.opsPerSBefore = 98;
            s.opsPerSAfter = 100;
        }
        containers.services.push_back(s);
        containers.totalMemoryBytes += s.memoryBytes;
    }
    ScenarioRun vms;
    vms.way = "vm";
    vms.kind = InstanceKind::Vm;
    vms.status = VariantStatus::Unavailable;
    vms.reason = "no usable KVM (absent): no /dev/kvm";
    ScenarioRun written = containers;
    written.way = "written";
    written.services[0].kind = "vm";
    written.services[0].memoryBytes = 70e6;
    written.allReadyMs = 19000;
    c.scenario = {containers, vms, written};
    return c;
}

QWidget* tab(QTabWidget* tabs, const QString& title) {
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->tabText(i).remove('&') == title) return tabs->widget(i);
    return nullptr;
}

int barsWithData(QCustomPlot* plot) {
    int n = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* bars = qobject_cast<QCPBars*>(plot->plottable(i))) n += bars->data()->size() > 0;
    return n;
}

QString cell(const ComparisonTableModel* table, const QString& figure, int column) {
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->index(r, 0).data().toString() == figure) return table->index(r, column).data().toString();
    return QStringLiteral("(no row %1)").arg(figure);
}

}  // namespace

class TestGuiCompareCompose : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const char* name, const std::string& yaml) {
        const QString file = dir_.filePath(name);
        std::ofstream(file.toStdString()) << yaml;
        return file;
    }

  private slots:
    void initTestCase() { qputenv("LANGUAGE", "en"); }

    void theSetupReadsTheFile() {
        CompareSetup setup;
        QComboBox* workload = setup.workload();
        QVERIFY(workload->findText("compose") >= 0);
        workload->setCurrentIndex(workload->findText("compose"));
        QVERIFY(setup.composeScenario());
        QVERIFY(!setup.variant("host")->isEnabled());
        QVERIFY(!setup.variant("written")->isHidden());
        QCOMPARE(setup.problem(), QString("Choose a compose file."));

        // A file Juxta cannot run: what is wrong, with its line and column; nothing to run.
        setup.setComposeFile(
            write("bad.yaml", "services:\n  web:\n    image: busybox\n    privileged: true\n"));
        QVERIFY2(setup.composeSummary()->text().contains(":4:5:"),
                 qPrintable(setup.composeSummary()->text()));
        QVERIFY(setup.problem().startsWith("The compose file cannot be read"));

        const QString file = write("compose.yaml",
                                   "name: shop\n"
                                   "services:\n"
                                   "  db:\n"
                                   "    image: busybox\n"
                                   "    mem_limit: 64m\n"
                                   "    x-juxta: {as: vm}\n"
                                   "  web:\n"
                                   "    image: busybox\n"
                                   "    ports: ['127.0.0.1:8000:80']\n");
        setup.setComposeFile(file);
        QCOMPARE(setup.composeSummary()->text(), QString("shop: db (VM), web"));
        QVERIFY(setup.variant("written")->isChecked());  // it mixes: as written is a run of its own
        QCOMPARE(setup.loadService()->itemText(0), QString("the first service that publishes a port: web"));
        QCOMPARE(setup.hog()->itemText(0), QString("the service with the smallest memory limit: db"));
        QVERIFY(setup.problem().isEmpty());
        QVERIFY(setup.loadService()->findData("web") > 0);
        QVERIFY(setup.hog()->findData("db") > 0);
        QVERIFY2(setup.hog()->itemText(setup.hog()->findData("db")).contains("64"),
                 qPrintable(setup.hog()->itemText(setup.hog()->findData("db"))));
        setup.loadService()->setCurrentIndex(setup.loadService()->findData("web"));
        setup.hog()->setCurrentIndex(setup.hog()->findData("none"));
        setup.variant("vm")->setChecked(false);

        const CompareRequest r = setup.request();
        QCOMPARE(r.workload, QString("compose"));
        QCOMPARE(r.composeFile, file);
        QVERIFY(r.variants.contains("container") && r.variants.contains("written") &&
                !r.variants.contains("vm"));
        auto m = manifestFor(r);
        QVERIFY2(m.ok(), m.ok() ? "" : m.error().message().c_str());
        QCOMPARE(m->parameters.at("file"), file.toStdString());
        QCOMPARE(m->parameters.at("written"), std::string("yes"));
        QCOMPARE(m->parameters.at("service"), std::string("web"));
        QCOMPARE(m->parameters.at("hog"), std::string("none"));
        QCOMPARE(m->parameters.at("seconds"), std::string("10"));
        QCOMPARE(m->variants, std::vector<InstanceKind>{InstanceKind::Container});

        // Every service a container as written: as written is the containers' run, unticked.
        setup.setComposeFile(write("plain.yaml", "services:\n  web:\n    image: busybox\n"));
        QVERIFY(!setup.variant("written")->isChecked());
        QVERIFY(setup.composeSummary()->text().endsWith("as written, every service is a container"));
        setup.setComposeFile(file);
        // Nothing ticked: nothing to run.
        setup.variant("container")->setChecked(false);
        setup.variant("written")->setChecked(false);
        QCOMPARE(setup.problem(), QString("Tick at least one way to run the stack."));
        // Another workload: the compose rows go, the VM's sizes come back.
        workload->setCurrentIndex(workload->findText("cpu"));
        QVERIFY(setup.variant("written")->isHidden());
        QVERIFY(setup.variant("host")->isEnabled());
        QVERIFY(setup.variant("host")->isChecked());  // the baseline, as it was before "compose"
        // Unticked by the user before a scenario: it stays unticked after.
        setup.variant("host")->setChecked(false);
        workload->setCurrentIndex(workload->findText("compose"));
        workload->setCurrentIndex(workload->findText("memory"));
        QVERIFY(!setup.variant("host")->isChecked());
    }

    // Each word-wrapped line of the setup is shown whole, in the window as a user sees it: after
    // picking "compose" and then a file (its summary gets shorter), the workload's summary above it
    // kept too little height and lost its first and last lines; laid out narrow first, a gap.
    void theSetupsTextIsShownWhole() {
        CompareWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* setup = window.findChild<CompareSetup*>();
        QVERIFY(setup);
        const auto checkWhole = [setup](const char* when) {
            QCoreApplication::processEvents();
            QCoreApplication::processEvents();
            int checked = 0;
            for (QLabel* label : setup->findChildren<QLabel*>()) {
                if (!label->wordWrap() || !label->isVisibleTo(setup) || label->text().isEmpty()) continue;
                const QRect box = label->contentsRect();
                const int needed = label->fontMetrics()
                                       .boundingRect(QRect(0, 0, box.width(), 100000),
                                                     Qt::TextWordWrap | label->alignment(), label->text())
                                       .height();
                const QString what = QString("%1: \"%2\" is %3 px tall for %4 px of text at %5 px")
                                         .arg(when, label->text().left(30))
                                         .arg(box.height())
                                         .arg(needed)
                                         .arg(box.width());
                QVERIFY2(box.height() >= needed, qPrintable(what));
                QVERIFY2(box.height() < needed + label->fontMetrics().lineSpacing(),
                         qPrintable(what));  // no gap
                ++checked;
            }
            QVERIFY(checked > 0);
        };
        checkWhole("at first");
        setup->workload()->setCurrentIndex(setup->workload()->findText("compose"));
        checkWhole("compose, no file");
        setup->setComposeFile(write("whole.yaml", "name: shop\nservices:\n  web:\n    image: busybox\n"));
        checkWhole("compose, a file");
        setup->workload()->setCurrentIndex(setup->workload()->findText("memory"));
        checkWhole("back to memory");
    }

    void aSavedComposeComparisonShowsEachWay() {
        CompareWindow window;
        window.resize(1300, 850);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showComparison(sampleCompose());

        const ComparisonTableModel* table = window.table();
        QCOMPARE(table->columnCount(), 4);
        QCOMPARE(table->headerData(1, Qt::Horizontal).toString(), QString("containers"));
        QCOMPARE(table->headerData(2, Qt::Horizontal).toString(), QString("VMs"));
        QCOMPARE(table->headerData(3, Qt::Horizontal).toString(), QString("as written (mixed)"));
        QVERIFY(cell(table, "Status", 2).contains("no usable KVM"));
        QCOMPARE(cell(table, "cache: runs as", 1), QString("container"));
        QCOMPARE(cell(table, "cache: runs as", 3), QString("VM"));
        QCOMPARE(cell(table, "web: requests/s", 1), QString("98.0 req/s"));
        QCOMPARE(cell(table, "web: latency p50 / p99 while cache exhausts its memory", 1),
                 QString("58.0 ms / 280 ms"));
        QCOMPARE(cell(table, "Time until every service is ready", 3), QString("19.0 s"));
        QVERIFY(cell(table, "cache: how it ended", 1).contains("OOM-killed"));

        QWidget* stack = tab(window.results(), "The stack");
        QVERIFY(stack);
        const auto stackPlots = stack->findChildren<QCustomPlot*>();
        QCOMPARE(stackPlots.size(), 2);
        QCOMPARE(barsWithData(stackPlots[0]), 2);  // memory: a segment per service
        QCOMPARE(barsWithData(stackPlots[1]), 2);  // ready: containers and as written

        QWidget* load = tab(window.results(), "Load");
        QVERIFY(load);
        const auto loadPlots = load->findChildren<QCustomPlot*>();
        QCOMPARE(loadPlots.size(), 2);
        QCOMPARE(barsWithData(loadPlots[0]), 3);  // requests/s: idle, while the hog, after
        QCOMPARE(barsWithData(loadPlots[1]), 3);  // latency: p50, p99, p99 while the hog

        QWidget* isolation = tab(window.results(), "Isolation");
        QVERIFY(isolation);
        QCOMPARE(isolation->findChildren<QCustomPlot*>().size(), 2);  // the two ways that ran
    }
};

QTEST_MAIN(TestGuiCompareCompose)
#include "test_gui_compare_compose.moc"
