// The phase timeline chart: a bar per phase at its measured place, rows named after the phases, or
// one row per variant when timelines are compared. A live chart's data, exported as CSV and JSON.
#include <qcustomplot.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "charts/phase_timeline_chart.h"
#include "charts/time_series_chart.h"
#include "models/metric_series_model.h"

using namespace juxta;
using namespace juxta::ui;

namespace {

// Memory used, and its limit where there is one (none: no point).
QList<TimeSeriesChart::Series> usedAndLimit() {
    return {TimeSeriesChart::column(MetricSeriesModel::MemoryUsed, QStringLiteral("Used"), Qt::blue),
            {QStringLiteral("Limit"), Qt::red,
             [](const MetricSample& s) { return s.memoryTotal > 0 ? s.memoryTotal : qQNaN(); }}};
}

}  // namespace

class TestCharts : public QObject {
    Q_OBJECT
  private slots:
    void aLiveChartExportsWhatItShows() {
        MetricSeriesModel model(QStringLiteral("c1"), 100);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        SampleSeries samples;
        for (int i = 0; i < 5; ++i) {
            MetricSample s;
            s.timeMs = now - (4 - i) * 1000;
            s.memoryUsed = 1000 + i;
            s.memoryTotal = i == 4 ? 0 : 4096;  // the last one: no limit
            samples.push_back(s);
        }
        MetricSample old;
        old.timeMs = now - 3'600'000;  // outside the minute shown
        samples.push_front(old);
        model.resetTo(samples);
        TimeSeriesChart chart(QStringLiteral("Memory"), usedAndLimit(),
                              [](double v) { return QString::number(v); });
        chart.setWindowSeconds(60);
        chart.setModel(&model);
        const QStringList lines = chart.toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);  // a header and the five points of the last minute
        QCOMPARE(lines[0], QStringLiteral("time_ms,Used,Limit"));
        QCOMPARE(lines[1], QStringLiteral("%1,1000,4096").arg(now - 4000));
        QCOMPARE(lines[5], QStringLiteral("%1,1004,").arg(now));  // no limit: an empty cell
        const QJsonObject json = QJsonDocument::fromJson(chart.toJson()).object();
        QCOMPARE(json["title"].toString(), QStringLiteral("Memory"));
        QCOMPARE(json["columns"].toArray().size(), 3);
        QCOMPARE(json["rows"].toArray().size(), 5);
        QVERIFY(json["rows"].toArray()[4].toArray()[2].isNull());

        // The tooltip names the point at (or nearest) the pointer, the first after a gap too.
        const double first = double(now - 4000) / 1000;
        QVERIFY(chart.valuesTextAt(first).contains(QStringLiteral("Used: 1000")));
        QVERIFY(chart.valuesTextAt(first + 0.4).contains(QStringLiteral("Used: 1000")));
        QVERIFY(chart.valuesTextAt(first + 0.6).contains(QStringLiteral("Used: 1001")));
        QVERIFY(chart.valuesTextAt(double(now) / 1000).contains(QStringLiteral("Used: 1004")));
        QVERIFY(!chart.valuesTextAt(double(now) / 1000).contains(QStringLiteral("Limit")));
        QVERIFY(chart.valuesTextAt(double(now) / 1000 + 100).contains(QStringLiteral("Used: 1004")));
    }
    // A series without a point (a limit that is not set) has no legend entry; it gets one, in its
    // place, when a point comes.
    void theLegendNamesDrawnSeriesOnly() {
        MetricSeriesModel model(QStringLiteral("c1"), 100);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto sample = [](qint64 t, double limit) {
            MetricSample s;
            s.timeMs = t;
            s.memoryUsed = 1000;
            s.memoryTotal = limit;
            return s;
        };
        model.resetTo({sample(now - 2000, 0), sample(now - 1000, 0)});
        TimeSeriesChart chart(QStringLiteral("Memory"), usedAndLimit(),
                              [](double v) { return QString::number(v); });
        chart.setModel(&model);
        QCOMPARE(chart.plot()->legend->itemCount(), 1);
        QVERIFY(!chart.plot()->legend->visible());  // one line needs no legend
        model.append(sample(now, 4096));
        QCOMPARE(chart.plot()->legend->itemCount(), 2);
        QVERIFY(chart.plot()->legend->visible());
        auto* second = qobject_cast<QCPPlottableLegendItem*>(chart.plot()->legend->item(1));
        QVERIFY(second);
        QCOMPARE(second->plottable()->name(), QStringLiteral("Limit"));
    }
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
