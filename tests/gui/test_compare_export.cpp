// Charts exported as files people open elsewhere: the PNG loads and is not blank, the SVG is valid
// vector graphics, a folder export writes both for every chart, and a bad path or suffix says what
// to do instead of writing anything.
#include <qcustomplot.h>

#include <QDir>
#include <QImage>
#include <QSet>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include "compare/chart_export.h"

using namespace juxta::ui;

class TestCompareExport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static void fill(QCustomPlot& plot) {
        QCPGraph* g = plot.addGraph();
        g->setPen(QPen(Qt::red, 3));
        g->setData({0, 1, 2, 3}, {1, 4, 2, 5});
        plot.rescaleAxes();
    }
    static int colourCount(const QImage& image) {
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
        return int(colours.size());
    }

  private slots:
    void pngLoadsAndIsNotBlank() {
        QCustomPlot plot;
        fill(plot);
        const QString path = dir_.filePath("chart.png");
        const auto s = exportChart(&plot, path, QSize(640, 360));
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message().c_str());
        QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 720));  // twice the density
        QVERIFY(colourCount(image) > 3);           // background, axes, the red line, anti-aliased edges
        bool red = false;
        for (int y = 0; y < image.height() && !red; ++y)
            for (int x = 0; x < image.width() && !red; ++x) red = image.pixelColor(x, y) == QColor(Qt::red);
        QVERIFY(red);
    }

    void svgIsValid() {
        QCustomPlot plot;
        fill(plot);
        const QString path = dir_.filePath("chart.svg");
        QVERIFY(exportChart(&plot, path, QSize(640, 360)).ok());
        QSvgRenderer svg(path);
        QVERIFY(svg.isValid());
        QCOMPARE(svg.viewBox(), QRect(0, 0, 640, 360));
        QImage drawn(320, 180, QImage::Format_ARGB32);
        drawn.fill(Qt::transparent);
        QPainter p(&drawn);
        svg.render(&p);
        p.end();
        QVERIFY(colourCount(drawn) > 3);
    }

    void aFolderGetsBothFormatsOfEveryChart() {
        QCustomPlot a, b;
        fill(a);
        fill(b);
        const auto written = exportCharts({{"cpu", &a}, {"memory", &b}}, dir_.filePath("charts"));
        QVERIFY(written.ok());
        QCOMPARE(written->size(), 4);
        QCOMPARE(QDir(dir_.filePath("charts")).entryList(QDir::Files, QDir::Name),
                 (QStringList{"cpu.png", "cpu.svg", "memory.png", "memory.svg"}));
    }

    void badInputSaysWhatToDo() {
        QCustomPlot plot;
        fill(plot);
        const auto wrongSuffix = exportChart(&plot, dir_.filePath("chart.bmp"));
        QVERIFY(!wrongSuffix.ok());
        QVERIFY(QString::fromStdString(wrongSuffix.error().message()).contains(".png or .svg"));
        QVERIFY(!QFile::exists(dir_.filePath("chart.bmp")));
        QVERIFY(!exportChart(&plot, "/proc/no-such-dir/chart.png").ok());
        QVERIFY(!exportChart(&plot, "/proc/no-such-dir/chart.svg").ok());
        QVERIFY(!exportCharts({{"cpu", &plot}}, "/proc/no-such-dir").ok());
    }
};

QTEST_MAIN(TestCompareExport)
#include "test_compare_export.moc"
