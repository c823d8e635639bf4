// The main window, offscreen, over the real engine: the Host row is there and selected, live samples
// reach the list and the plots, the time window changes the plots' span, and the Overview describes
// the host.
#include <qcustomplot.h>
#include <unistd.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "bridge/engine.h"
#include "charts/time_series_chart.h"
#include "main_window.h"
#include "models/instance_list_model.h"
#include "pages/graphs_page.h"
#include "support/scratch_state.h"

using namespace juxta;
using namespace juxta::ui;

class TestMainWindow : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        state_.useHere();  // the host's recorded history and the instances are this test's, not the machine's
    }

    void hostRowShowsLiveGraphs() {
        Engine engine({.sampleIntervalMs = 200});
        MainWindow window(engine, Settings{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        engine.start();

        QTRY_COMPARE_WITH_TIMEOUT(window.instanceModel()->rowCount(), 1, 5000);
        QCOMPARE(window.instanceModel()->instanceIdAt(0), QString("host"));
        QCOMPARE(window.selectedInstanceId(), QString("host"));

        // Select the Host row the way a user does, then open Graphs.
        const QModelIndex hostRow = window.instanceView()->model()->index(0, 0);
        QTest::mouseClick(window.instanceView()->viewport(), Qt::LeftButton, {},
                          window.instanceView()->visualRect(hostRow).center());
        window.tabs()->setCurrentWidget(window.graphsPage());

        TimeSeriesChart* cpu = window.graphsPage()->cpuChart();
        QTRY_VERIFY_WITH_TIMEOUT(cpu->pointCount() >= 3, 10000);
        QVERIFY(window.graphsPage()->memoryChart()->pointCount() >= 3);
        QVERIFY(window.graphsPage()->diskChart()->pointCount() >= 3);
        QVERIFY(window.graphsPage()->networkChart()->pointCount() >= 3);
        QVERIFY(!window.instanceModel()->index(0, InstanceListModel::Cpu).data().toString().isEmpty());

        // The tooltip text names each series with a unit.
        const double lastKey = (cpu->plot()->graph(0)->data()->constEnd() - 1)->key;
        QVERIFY(cpu->valuesTextAt(lastKey).contains("%"));
        QVERIFY(window.graphsPage()->memoryChart()->valuesTextAt(lastKey).contains("iB"));

        // Per-core lines beside the total, one per core of this host.
        window.graphsPage()->perCoreToggle()->setChecked(true);
        QCOMPARE(cpu->seriesCount(), 1 + int(sysconf(_SC_NPROCESSORS_ONLN)));
        QVERIFY(cpu->valuesTextAt(lastKey).contains("Core 0"));
        window.graphsPage()->perCoreToggle()->setChecked(false);
        QCOMPARE(cpu->seriesCount(), 1);

        // Time windows: 1 min, 10 min, 1 h.
        QCOMPARE(cpu->plot()->xAxis->range().size(), 60.0);
        window.graphsPage()->windowSelector()->setCurrentIndex(2);
        QCOMPARE(cpu->plot()->xAxis->range().size(), 3600.0);
        window.graphsPage()->windowSelector()->setCurrentIndex(1);
        QCOMPARE(cpu->plot()->xAxis->range().size(), 600.0);
    }

    void overviewDescribesTheHost() {
        Engine engine({.sampleIntervalMs = 200});
        MainWindow window(engine, Settings{});
        window.show();
        engine.start();
        auto* caps = window.findChild<QLabel*>("hostCapabilities");
        QVERIFY(caps);
        QTRY_VERIFY_WITH_TIMEOUT(caps->text().contains("KVM"), 5000);
        QVERIFY(caps->text().contains("cgroups"));
        if (QFile::exists("/sys/module/kvm_pvm") && QFile::exists("/dev/kvm") && geteuid() == 0)
            QVERIFY(caps->text().contains("PVM"));

        // The load average follows the samples in one label, set in place: the page is not rebuilt
        // once a second (which cost the idle GUI most of its CPU).
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QLabel*>("overviewLoad"), 5000);
        QPointer<QLabel> load = window.findChild<QLabel*>("overviewLoad");
        QSignalSpy samples(&engine, &Engine::samplesReady);
        QTRY_VERIFY_WITH_TIMEOUT(samples.count() >= 3, 5000);
        QVERIFY(load);
        QCOMPARE(window.findChildren<QLabel*>("overviewLoad").size(), 1);
        QVERIFY(QRegularExpression(R"(^\d+\.\d\d  \d+\.\d\d  \d+\.\d\d$)").match(load->text()).hasMatch());
    }

    void aViewOpenedLateShowsThePast() {
        Engine engine({.sampleIntervalMs = 100});
        QSignalSpy samples(&engine, &Engine::samplesReady);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(samples.count() >= 5, 5000);
        // The window appears after five samples were taken; its plots still start with them.
        MainWindow window(engine, Settings{});
        emit engine.instanceChanged(Engine::hostInstance());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.graphsPage()->cpuChart()->pointCount() >= 5, 5000);
    }

    void brokenProcShowsAnErrorInsteadOfCrashing() {
        QTemporaryDir empty;
        Engine engine({.sampleIntervalMs = 100, .procRoot = empty.path()});
        MainWindow window(engine, Settings{});
        window.show();
        engine.start();
        auto* error = window.findChild<QLabel*>("overviewError");
        QVERIFY(error);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 5000);
        QVERIFY(error->text().contains("stat"));
    }

  private:
    juxta::testing::ScratchState state_;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
