// A comparison exported for people and programs, and each file opened again: the PDF has its
// pages and renders, every chart's PNG loads and is not blank and its SVG is valid, the CSV parses
// into rows of five fields that agree with the JSON, the JSON reads back as the same comparison,
// and the Markdown names the workload. A folder that cannot be written says so and writes nothing.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include "compare/report_writer.h"
#include "test_compare_fixture.h"

using namespace juxta;
using namespace juxta::ui;

class TestCompareReport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static QByteArray read(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static bool notBlank(const QImage& image) {
        const QRgb first = image.pixel(0, 0);
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3)
                if (image.pixel(x, y) != first) return true;
        return false;
    }

  private slots:
    void everyFileOpensAgain() {
        const compare::Comparison c = test::sampleComparison();
        const QString out = dir_.filePath("export");
        const auto written = exportComparison(c, out);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
        for (const char* name : {"report.pdf", "result.csv", "result.json", "summary.md"})
            QVERIFY2(written->contains(QDir(out).filePath(name)), name);

        // PDF: a real PDF with more than one page (the table, then the charts).
        const QByteArray pdf = read(QDir(out).filePath("report.pdf"));
        QVERIFY(pdf.startsWith("%PDF-"));
        int pages = 0;
        for (auto it = QRegularExpression("/Type\\s*/Page(?!s)").globalMatch(QString::fromLatin1(pdf));
             it.hasNext(); it.next())
            ++pages;
        QVERIFY(pages >= 3);  // the table and seven charts do not fit on one A4 page
        const QString pdftoppm = QStandardPaths::findExecutable("pdftoppm");
        if (!pdftoppm.isEmpty()) {
            QVERIFY(QProcess::execute(pdftoppm, {"-png", "-r", "40", "-f", "1", "-l", "1",
                                                 QDir(out).filePath("report.pdf"), dir_.filePath("page")}) ==
                    0);
            const QStringList rendered = QDir(dir_.path()).entryList({"page*.png"});
            QCOMPARE(rendered.size(), 1);
            const QImage page(dir_.filePath(rendered.first()));
            QVERIFY(!page.isNull() && notBlank(page));
        }

        // Charts: both formats of each.
        const QStringList charts = QDir(QDir(out).filePath("charts")).entryList({"*.png"});
        QCOMPARE(charts.size(), 7);
        for (const QString& png : charts) {
            const QImage image(QDir(out).filePath("charts/" + png));
            QVERIFY2(!image.isNull() && notBlank(image), qPrintable(png));
            QSvgRenderer svg(QDir(out).filePath("charts/" + QString(png).replace(".png", ".svg")));
            QVERIFY2(svg.isValid(), qPrintable(png));
        }

        // CSV: a header and rows of five fields; the container's ops/s median is the JSON's.
        const QStringList lines =
            QString::fromUtf8(read(QDir(out).filePath("result.csv"))).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QString("variant,metric,unit,stat,value"));
        bool median = false;
        for (const QString& line : lines) {
            QCOMPARE(line.count(',') >= 4, true);
            if (line.startsWith("container,ops_per_s,ops/s,median,"))
                median = line.section(',', 4).toDouble() == 3.1e6;
        }
        QVERIFY(median);

        const auto back = compare::comparisonFromJson(read(QDir(out).filePath("result.json")).toStdString());
        QVERIFY(back.ok());
        QCOMPARE(QString::fromStdString(back->id), QString("fixture-1"));
        QCOMPARE(back->variants.size(), std::size_t(3));
        QVERIFY(read(QDir(out).filePath("summary.md")).contains("cpu"));
    }

    void aFolderThatCannotBeWrittenSaysSo() {
        const auto written = exportComparison(test::sampleComparison(), "/proc/juxta-no-such-dir");
        QVERIFY(!written.ok());
        QVERIFY(QString::fromStdString(written.error().message()).contains("/proc/juxta-no-such-dir"));
        QVERIFY(!writePdfReport(test::sampleComparison(), "/proc/juxta-no-such-dir/report.pdf").ok());
    }

    void theHostIsDescribed() {
        const QString text = hostText(test::sampleComparison().host);
        for (const char* part : {"Test CPU", "6.1.0", "pvm", "v1"}) QVERIFY2(text.contains(part), part);
    }
};

QTEST_MAIN(TestCompareReport)
#include "test_compare_report.moc"
