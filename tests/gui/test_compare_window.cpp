// The Compare window as a user drives it: a short real comparison (host process and container, as
// root) runs from the window and fills every chart and the table and is saved; Cancel stops a long
// one and saves nothing; a saved comparison reopens and replays without running anything; the
// result is presented full screen with keyboard navigation; bad input is refused with a message.
#include <qcustomplot.h>
#include <unistd.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include "bridge/compare_runner.h"
#include "bridge/saved_comparisons.h"
#include "charts/phase_timeline_chart.h"
#include "compare/compare_setup.h"
#include "compare/compare_window.h"
#include "compare/comparison_table_model.h"
#include "compare/presentation_window.h"
#include "compare/recorded_chart.h"
#include "compare/replay_control.h"
#include "support/scratch_state.h"
#include "test_compare_fixture.h"

using namespace juxta;
using namespace juxta::ui;

class TestCompareWindow : public QObject {
    Q_OBJECT
    juxta::testing::ScratchState state_;  // every write of the engine goes there

    static void choose(CompareWindow& w, const QString& workload, const QStringList& variants, int repeats) {
        w.setup()->workload()->setCurrentText(workload);
        for (const char* v : {"host", "container", "vm"})
            w.setup()->variant(v)->setChecked(variants.contains(v));
        w.setup()->repeats()->setValue(repeats);
    }
    static int barsWithData(QCustomPlot* plot) {
        int n = 0;
        for (int i = 0; i < plot->plottableCount(); ++i)
            if (auto* b = qobject_cast<QCPBars*>(plot->plottable(i)); b && !b->data()->isEmpty()) ++n;
        return n;
    }
    static const ComparisonChart* chart(const CompareWindow& w, const QString& name) {
        for (const ComparisonChart& c : w.charts())
            if (c.name == name) return &c;
        return nullptr;
    }

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        state_.useHere();
    }

    void runsARealComparisonFromTheWindow() {
        if (geteuid() != 0) QSKIP("containers need root here; CI runs as root");
        CompareWindow w;
        w.show();
        choose(w, "cpu", {"host", "container"}, 1);
        QSignalSpy ended(&w, &CompareWindow::runEnded);
        QTest::mouseClick(w.runButton(), Qt::LeftButton);
        QVERIFY(w.running());
        QVERIFY(!w.runButton()->isEnabled() && w.cancelButton()->isEnabled());
        QVERIFY(w.progressBar()->isVisible());
        QVERIFY(ended.wait(150000) || !ended.isEmpty());
        QVERIFY2(ended.first().first().toBool(), qPrintable(w.stepLabel()->text()));

        const compare::Comparison& c = *w.comparison();
        QCOMPARE(c.variants.size(), std::size_t(2));
        for (const compare::VariantResult& v : c.variants)
            QVERIFY2(v.status == compare::VariantStatus::Ok, v.reason.c_str());
        // Every chart populated from what was measured.
        QCOMPARE(barsWithData(chart(w, "ratios")->plot), 2);
        QVERIFY(barsWithData(chart(w, "memory")->plot) >= 1);
        auto* gantt = qobject_cast<PhaseTimelineChart*>(chart(w, "startup")->widget);
        QVERIFY(gantt && gantt->rowLabels().size() == 2 && gantt->barCount() >= 2);
        QVERIFY(w.table()->rowCount() >= 4);
        QVERIFY(w.results()->count() >= 3);
        QVERIFY(!w.progressBar()->isVisible());
        // Saved, and offered for reopening.
        QTRY_COMPARE_WITH_TIMEOUT(w.savedList()->count(), 1, 10000);  // read in the bridge's thread
        QCOMPARE(w.savedList()->item(0)->data(Qt::UserRole).toString(), QString::fromStdString(c.id));
    }

    // The stack scenario from the window: four containers, the charts drawn from what they did.
    void runsTheStackScenarioFromTheWindow() {
        if (geteuid() != 0) QSKIP("containers need root here; CI runs as root");
        CompareWindow w;
        w.show();
        choose(w, "stack", {"container"}, 1);
        QVERIFY(!w.setup()->variant("host")->isEnabled());
        QSignalSpy ended(&w, &CompareWindow::runEnded);
        QTest::mouseClick(w.runButton(), Qt::LeftButton);
        QVERIFY(ended.wait(150000) || !ended.isEmpty());
        QVERIFY2(ended.first().first().toBool(), qPrintable(w.stepLabel()->text()));
        const compare::Comparison& c = *w.comparison();
        QCOMPARE(c.scenario.size(), std::size_t(1));
        QVERIFY2(c.scenario[0].status == compare::VariantStatus::Ok, c.scenario[0].reason.c_str());
        QCOMPARE(barsWithData(chart(w, "stack-memory")->plot), 4);  // a segment per service
        QCOMPARE(barsWithData(chart(w, "stack-ready")->plot), 1);
        QCustomPlot* isolation = chart(w, "isolation-container")->plot;
        int graphs = 0;
        for (int i = 0; i < isolation->graphCount(); ++i) graphs += !isolation->graph(i)->data()->isEmpty();
        QCOMPARE(graphs, 4);
    }

    void cancelStopsTheRunAndSavesNothing() {
        if (geteuid() != 0) QSKIP("containers need root here; CI runs as root");
        const auto before = compare::listComparisons();
        CompareWindow w;
        w.show();
        choose(w, "idle", {"host", "container"}, 50);  // minutes if nobody stops it
        QSignalSpy ended(&w, &CompareWindow::runEnded);
        QSignalSpy steps(w.runner(), &CompareRunner::progress);
        w.runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(steps.size() >= 3, 60000);  // it is under way
        w.cancelButton()->click();
        QVERIFY(ended.wait(60000) || !ended.isEmpty());
        QCOMPARE(ended.first().first().toBool(), false);
        QVERIFY(w.stepLabel()->text().contains("Cancelled"));
        QVERIFY(!w.running() && w.runButton()->isEnabled());
        QCOMPARE(compare::listComparisons()->size(), before->size());
    }

    void reopensAndReplaysASavedComparison() {
        QVERIFY(compare::saveComparison(test::sampleComparison("saved-fixture")).ok());
        CompareWindow w;
        QSignalSpy listed(w.savedComparisons(), &SavedComparisons::listed);
        QVERIFY(listed.wait(10000));  // read in the bridge's thread, not the UI's
        QListWidgetItem* item = nullptr;
        for (int i = 0; i < w.savedList()->count(); ++i)
            if (w.savedList()->item(i)->data(Qt::UserRole).toString() == "saved-fixture")
                item = w.savedList()->item(i);
        QVERIFY(item);
        QVERIFY(item->text().startsWith("cpu"));
        QSignalSpy opened(w.savedComparisons(), &SavedComparisons::opened);
        w.openSaved("saved-fixture");
        QVERIFY(!w.comparison());  // not yet: it is being read
        QVERIFY(opened.wait(10000));
        QCOMPARE(QString::fromStdString(w.comparison()->id), QString("saved-fixture"));
        QCOMPARE(w.results()->count(), 5);  // summary, start-up, memory, while it ran, density

        auto* recorded = qobject_cast<RecordedChart*>(chart(w, "recorded-cpu")->widget);
        QVERIFY(recorded);
        QCOMPARE(recorded->shownPoints(), 60);  // a reopened comparison shows everything first
        w.replay()->seek(0);
        QCOMPARE(recorded->shownPoints(), 1);
        w.replay()->play();
        QVERIFY(w.replay()->playing());
        QTRY_VERIFY_WITH_TIMEOUT(recorded->shownPoints() > 1 && recorded->shownPoints() < 60,
                                 10000);  // it moves
        QTRY_VERIFY_WITH_TIMEOUT(!w.replay()->playing(), 30000);
        QCOMPARE(recorded->shownPoints(), 60);

        QSignalSpy failed(w.savedComparisons(), &SavedComparisons::openFailed);
        w.openSaved("../etc");
        w.openSaved("no-such-comparison");
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 10000);
        QCOMPARE(failed[0][0].toString(), QString("../etc"));
        QVERIFY(!failed[1][1].toString().isEmpty());  // why, in words: the warning shows it
        QCOMPARE(opened.size(), 1);
        QCOMPARE(QString::fromStdString(w.comparison()->id), QString("saved-fixture"));  // still shown
    }

    void presentsOneChartAtATime() {
        CompareWindow w;
        QVERIFY(!w.present());  // nothing to present yet
        w.showComparison(test::sampleComparison());
        QPointer<PresentationWindow> p = w.present();
        QVERIFY(p);
        QCOMPARE(p->slideCount(), int(w.charts().size()) + 1);  // every chart and the table
        QTest::keyClick(p, Qt::Key_Right);
        QCOMPARE(p->currentSlide(), 1);
        QTest::keyClick(p, Qt::Key_End);
        QCOMPARE(p->currentTitle(), QString("Every figure"));
        QTest::keyClick(p, Qt::Key_Escape);
        QTRY_VERIFY(!p);
    }

    void badInputIsRefusedWithAMessage() {
        CompareWindow w;
        choose(w, "cpu", {"host", "container"}, 1);
        w.findChild<QLineEdit*>("containerMemory")->setText("lots");
        w.runButton()->click();
        QVERIFY(!w.running());
        QVERIFY2(w.stepLabel()->text().contains("lots"), qPrintable(w.stepLabel()->text()));
        choose(w, "cpu", {}, 1);
        QVERIFY(!w.runButton()->isEnabled());
        QVERIFY(!w.setup()->problem().isEmpty());
    }
};

QTEST_MAIN(TestCompareWindow)
#include "test_compare_window.moc"
