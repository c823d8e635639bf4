// "Compare selected": the live graphs of several instances on shared axes — a line per instance in
// its own colour on every chart, following new samples as they arrive, shown as slides in
// presentation mode and exported chart by chart.
#include <qcustomplot.h>

#include <QDateTime>
#include <QDir>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>

#include "compare/overlay_window.h"
#include "compare/presentation_window.h"
#include "compare/variant_palette.h"
#include "models/metric_series_model.h"

using namespace juxta;
using namespace juxta::ui;

class TestCompareOverlay : public QObject {
    Q_OBJECT

    static MetricSample sample(qint64 timeMs, double cpu, double memory) {
        MetricSample s;
        s.timeMs = timeMs;
        s.cpuPercent = cpu;
        s.memoryUsed = memory;
        return s;
    }

  private slots:
    void everyChartHasALinePerInstance() {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        MetricSeriesModel web("web"), db("db");
        for (int i = 0; i < 5; ++i) {
            web.append(sample(now - (5 - i) * 1000, 10 + i, 64e6));
            db.append(sample(now - (5 - i) * 1000, 50, 300e6));
        }
        OverlayWindow w({{"web", "web", &web}, {"db", "db", &db}});
        QCOMPARE(w.instanceIds(), (QStringList{"web", "db"}));
        QCOMPARE(w.charts().size(), 4);
        for (OverlayChart* c : w.charts()) {
            QCOMPARE(c->memberCount(), 2);
            QCOMPARE(c->pointCount(0), 5);
            QCOMPARE(c->pointCount(1), 5);
            QCOMPARE(c->plot()->graph(0)->pen().color(), variantColor(0));
            QCOMPARE(c->plot()->graph(1)->pen().color(), variantColor(1));
        }
        // Shared value axis: the memory chart's scale holds the larger instance.
        QVERIFY(w.charts()[1]->plot()->yAxis->range().upper >= 300e6);

        db.append(sample(now, 55, 310e6));
        QCOMPARE(w.charts()[0]->pointCount(1), 6);
        QCOMPARE(w.charts()[0]->pointCount(0), 5);
        web.resetTo({sample(now, 1, 1)});
        QCOMPARE(w.charts()[0]->pointCount(0), 1);
    }

    void aModelThatGoesAwayLeavesTheOthers() {
        MetricSeriesModel web("web");
        auto* db = new MetricSeriesModel("db");
        OverlayWindow w({{"web", "web", &web}, {"db", "db", db}});
        delete db;  // the instance was deleted while the window was open
        web.append(sample(QDateTime::currentMSecsSinceEpoch(), 5, 1e6));
        QCOMPARE(w.charts()[0]->pointCount(0), 1);
    }

    void presentsAndExportsTheCharts() {
        MetricSeriesModel web("web"), db("db");
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        web.append(sample(now, 10, 1e6));
        db.append(sample(now, 20, 2e6));
        OverlayWindow w({{"web", "web", &web}, {"db", "db", &db}});
        w.present();
        auto* slides = w.findChild<PresentationWindow*>();
        QVERIFY(slides);
        QCOMPARE(slides->slideCount(), 4);
        QCOMPARE(slides->currentTitle(), w.charts()[0]->title());
        slides->close();

        QTemporaryDir dir;
        w.exportCharts(dir.path());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 8);
        QVERIFY(QFile::exists(dir.filePath("cpu.png")) && QFile::exists(dir.filePath("network.svg")));
    }
};

QTEST_MAIN(TestCompareOverlay)
#include "test_compare_overlay.moc"
