// A saved stack scenario shown offscreen: the workload picker offers the scenario (not its
// services) and leaves the host out for it; the window's "The stack" and "Isolation" tabs hold
// populated charts (memory stacked by service for each kind that ran, time to all-ready, each
// service's ops/s with the hog's start and end marked); the table says why the VMs did not run;
// presentation mode has the scenario's slides; the PDF report has them too.
#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "compare/compare_setup.h"
#include "compare/compare_window.h"
#include "compare/comparison_table_model.h"
#include "compare/presentation_window.h"
#include "compare/report_writer.h"
#include "test_compare_fixture.h"

using namespace juxta;
using namespace juxta::ui;

class TestGuiCompareScenario : public QObject {
    Q_OBJECT

    static QWidget* tab(QTabWidget* tabs, const QString& title) {
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).remove('&') == title) return tabs->widget(i);
        return nullptr;
    }
    static int plottablesWithData(QCustomPlot* plot) {
        int n = 0;
        for (int i = 0; i < plot->plottableCount(); ++i)
            if (auto* bars = qobject_cast<QCPBars*>(plot->plottable(i)))
                n += bars->data()->size() > 0;
            else if (auto* graph = qobject_cast<QCPGraph*>(plot->plottable(i)))
                n += graph->data()->size() > 0;
        return n;
    }
    static int items(QCustomPlot* plot, const char* className) {
        int n = 0;
        for (int i = 0; i < plot->itemCount(); ++i) n += plot->item(i)->inherits(className);
        return n;
    }

  private slots:
    void thePickerOffersTheScenarioWithoutTheHost() {
        CompareSetup setup;
        QComboBox* workload = setup.workload();
        QVERIFY(workload->findText("stack") >= 0);
        QCOMPARE(workload->findText("service"), -1);  // a part of the scenario, not a comparison
        workload->setCurrentIndex(workload->findText("stack"));
        QVERIFY(!setup.variant("host")->isChecked());
        QVERIFY(!setup.variant("host")->isEnabled());
        QCOMPARE(setup.request().workload, QString("stack"));
        workload->setCurrentIndex(workload->findText("cpu"));
        QVERIFY(setup.variant("host")->isEnabled());
    }

    void aSavedScenarioShowsItsCharts() {
        CompareWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showComparison(test::sampleScenario());

        QWidget* stack = tab(window.results(), "The stack");
        QVERIFY(stack);
        const auto stackPlots = stack->findChildren<QCustomPlot*>();
        QCOMPARE(stackPlots.size(), 2);
        QCOMPARE(plottablesWithData(stackPlots[0]), 4);  // memory: a segment per service
        QCOMPARE(plottablesWithData(stackPlots[1]), 1);  // all-ready: the containers' bar

        QWidget* isolation = tab(window.results(), "Isolation");
        QVERIFY(isolation);
        const auto isolationPlots = isolation->findChildren<QCustomPlot*>();
        QCOMPARE(isolationPlots.size(), 1);  // the VMs did not run
        QCOMPARE(plottablesWithData(isolationPlots[0]), 4);
        QCOMPARE(items(isolationPlots[0], "QCPItemStraightLine"), 2);  // the hog's start and its end

        // The table: a column per kind, the VMs' reason in theirs.
        const ComparisonTableModel* table = window.table();
        QCOMPARE(table->columnCount(), 3);
        QVERIFY(table->index(0, 2).data().toString().contains("PVM host"));
        bool oom = false;
        for (int r = 0; r < table->rowCount(); ++r)
            oom = oom || (table->index(r, 0).data().toString() == "cache: how it ended" &&
                          table->index(r, 1).data().toString().contains("OOM-killed"));
        QVERIFY(oom);

        PresentationWindow* presentation = window.present();
        QVERIFY(presentation);
        QStringList titles;
        for (int i = 0; i < presentation->slideCount(); ++i) {
            presentation->showSlide(i);
            titles << presentation->currentTitle();
        }
        for (const char* title : {"The stack's memory", "Time to all-ready", "Isolation: container"})
            QVERIFY2(titles.contains(title), title);
        presentation->close();
    }

    void theReportHasTheScenario() {
        QTemporaryDir dir;
        const QString pdf = dir.filePath("stack.pdf");
        QVERIFY(writePdfReport(test::sampleScenario(), pdf).ok());
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("%PDF-"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"stack.pdf"});  // no temp file left
    }
};

QTEST_MAIN(TestGuiCompareScenario)
#include "test_gui_compare_scenario.moc"
