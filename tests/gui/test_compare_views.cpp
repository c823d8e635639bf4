// A comparison's views: the ratio, memory, start-up, recorded and density charts are drawn from the
// result (a bar per variant that ran, the host at 1.00), the table holds every figure with its
// spread and says why the VM did not run, and a replay reveals the recorded series over time.
#include <qcustomplot.h>

#include <QAbstractItemModelTester>
#include <QTest>

#include "charts/phase_timeline_chart.h"
#include "compare/comparison_charts.h"
#include "compare/comparison_table_model.h"
#include "compare/density_chart.h"
#include "compare/figure_format.h"
#include "compare/recorded_chart.h"
#include "compare/variant_palette.h"
#include "test_compare_fixture.h"

using namespace juxta;
using namespace juxta::ui;

class TestCompareViews : public QObject {
    Q_OBJECT

    static const ComparisonChart* find(const QList<ComparisonChart>& charts, const QString& name) {
        for (const ComparisonChart& c : charts)
            if (c.name == name) return &c;
        return nullptr;
    }
    static QList<QCPBars*> bars(QCustomPlot* plot) {
        QList<QCPBars*> out;
        for (int i = 0; i < plot->plottableCount(); ++i)
            if (auto* b = qobject_cast<QCPBars*>(plot->plottable(i))) out << b;
        return out;
    }

  private slots:
    void everyChartIsDrawnFromTheResult() {
        QWidget parent;
        const auto charts = makeComparisonCharts(test::sampleComparison(), &parent);
        QStringList names;
        for (const ComparisonChart& c : charts) names << c.name;
        QCOMPARE(names, (QStringList{"ratios", "startup", "memory", "recorded-cpu", "recorded-memory",
                                     "density-memory", "density-start"}));

        // Ratios: host and container (the VM did not run), three groups (ops/s, start-up, memory).
        const QList<QCPBars*> ratio = bars(find(charts, "ratios")->plot);
        QCOMPARE(ratio.size(), 2);
        QCOMPARE(ratio[0]->brush().color(), variantColor("host"));
        QCOMPARE(ratio[1]->brush().color(), variantColor("container"));
        QCOMPARE(ratio[0]->data()->size(), 3);
        for (auto it = ratio[0]->data()->constBegin(); it != ratio[0]->data()->constEnd(); ++it)
            QCOMPARE(it->value, 1.0);                          // the host is its own baseline
        QCOMPARE(ratio[1]->data()->at(1)->value, 10.0 / 1.1);  // start-up: medians 10 ms over 1.1 ms

        // Memory: one stacked segment per part, per variant that ran.
        const QList<QCPBars*> memory = bars(find(charts, "memory")->plot);
        QCOMPARE(memory.size(), 2);  // workload, runtime
        QCOMPARE(memory[0]->data()->size(), 2);
        QCOMPARE(memory[1]->barBelow(), memory[0]);

        auto* gantt = qobject_cast<PhaseTimelineChart*>(find(charts, "startup")->widget);
        QVERIFY(gantt);
        QCOMPARE(gantt->rowLabels(), (QStringList{figures::variantName(InstanceKind::Host),
                                                  figures::variantName(InstanceKind::Container)}));
        QCOMPARE(gantt->barCount(), 4);

        QCOMPARE(find(charts, "density-memory")->plot->graph(0)->dataCount(), 3);
    }

    void theVmSaysWhyItDidNotRun() {
        QWidget parent;
        const auto charts = makeComparisonCharts(test::sampleComparison(), &parent);
        bool said = false;
        QCustomPlot* plot = find(charts, "ratios")->plot;
        for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
            if (auto* t = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
                said = said || t->text().contains("PVM host");
        QVERIFY(said);
        QVERIFY(projectionText(test::sampleComparison().density[0]).contains("2,000") ||
                projectionText(test::sampleComparison().density[0]).contains("2000"));
        QVERIFY(projectionText(test::sampleComparison().density[0]).startsWith("Projection"));
    }

    void theTableHoldsEveryFigure() {
        ComparisonTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setComparison(test::sampleComparison());
        QCOMPARE(model.columnCount(), 4);  // figure, host, container, VM
        QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), figures::variantName(InstanceKind::Vm));
        QStringList figuresShown;
        for (int r = 0; r < model.rowCount(); ++r) figuresShown << model.index(r, 0).data().toString();
        QVERIFY(figuresShown.contains("ops per s"));
        QVERIFY(figuresShown.contains(ComparisonTableModel::tr("Memory on the host")));
        QVERIFY(!figuresShown.contains(ComparisonTableModel::tr("VM exits")));  // nobody had any
        QVERIFY(model.index(0, 3).data().toString().contains("PVM host"));
        const int ops = int(figuresShown.indexOf("ops per s"));
        QCOMPARE(model.index(ops, 2).data().toString(),
                 QString("3.10 M ops/s (3.00 M ops/s – 3.15 M ops/s)  ·  0.97×"));
        QVERIFY(model.index(ops, 2).data(Qt::ToolTipRole).toString().contains("3.15 M ops/s"));
        QCOMPARE(model.index(ops, 3).data().toString(), QString("—"));
    }

    void replayRevealsTheRecordedSeries() {
        const compare::Comparison c = test::sampleComparison();
        RecordedChart chart(c, RecordedFigure::Cpu);
        QCOMPARE(chart.durationMs(), 6000.0);
        QCOMPARE(chart.shownPoints(), 60);
        chart.revealUntil(0);
        QCOMPARE(chart.shownPoints(), 1);
        chart.revealUntil(2999);
        QCOMPARE(chart.shownPoints(), 30);  // every host point, no container point yet
        chart.revealAll();
        QCOMPARE(chart.shownPoints(), 60);
        QCOMPARE(chart.graph(1)->pen().color(), variantColor("container"));
    }
};

QTEST_MAIN(TestCompareViews)
#include "test_compare_views.moc"
