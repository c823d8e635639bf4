// The phase timeline chart: a bar per phase at its measured place, rows named after the phases, or
// one row per variant when timelines are compared.
#include <qcustomplot.h>

#include <QTest>

#include "charts/phase_timeline_chart.h"

using namespace juxta;
using namespace juxta::ui;

class TestCharts : public QObject {
    Q_OBJECT
  private slots:
    void onePhasePerRow() {
        PhaseTimeline t(0);
        t.mark("clone", 2'000'000);
        t.mark("pivot_root", 3'500'000);
        t.mark("exec", 4'000'000);
        PhaseTimelineChart chart;
        chart.setTimeline(t);
        QCOMPARE(chart.barCount(), 3);
        QCOMPARE(chart.rowLabels(), (QStringList{"clone", "pivot_root", "exec"}));
        auto* second = qobject_cast<QCPItemRect*>(chart.plot()->item(2));  // rect, text, rect, ...
        QVERIFY(second);
        QCOMPARE(second->topLeft->coords().x(), 2.0);
        QCOMPARE(second->bottomRight->coords().x(), 3.5);
        QVERIFY(chart.plot()->xAxis->range().upper >= 4.0);
    }
    void variantsShareTheTimeAxis() {
        PhaseTimeline a(0), b(0);
        a.mark("clone", 1'000'000);
        a.mark("exec", 2'000'000);
        b.mark("kvm", 10'000'000);
        b.mark("boot", 90'000'000);
        PhaseTimelineChart chart;
        chart.setTimelines({{"container", a}, {"vm", b}});
        QCOMPARE(chart.rowLabels(), (QStringList{"container", "vm"}));
        QCOMPARE(chart.barCount(), 4);
        QVERIFY(chart.plot()->xAxis->range().upper >= 90.0);
        // One colour per phase name, whichever chart draws it; different names, different colours.
        const QColor clone = PhaseTimelineChart::phaseColor("clone");
        QVERIFY(clone.isValid());
        QCOMPARE(PhaseTimelineChart::phaseColor(QString("cl") + "one"), clone);
        QVERIFY(PhaseTimelineChart::phaseColor("exec") != clone);
    }
};

QTEST_MAIN(TestCharts)
#include "test_charts.moc"
