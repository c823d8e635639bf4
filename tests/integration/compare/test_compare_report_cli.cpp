// `juxtactl compare --report FILE.pdf` on this host: a short host + container comparison whose
// report is opened again with poppler's tools — pages, the host description and a measured figure
// from the run's own JSON are in its text; `--show ID --report` writes the same report again.
#include <unistd.h>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "compare/figure_format.h"
#include "compare/result.h"
#include "support/scratch_state.h"

using namespace juxta;

class TestCompareReportCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;  // what the tests write (reports)
    testing::ScratchState state_;

    static QString run(const QString& program, const QStringList& args, int* code = nullptr) {
        QProcess p;
        p.start(program, args);
        p.waitForFinished(240000);
        if (code) *code = p.exitCode();
        if (p.exitCode() != 0) qWarning("%s: %s", qPrintable(program), p.readAllStandardError().constData());
        return QString::fromUtf8(p.readAllStandardOutput());
    }
    // The PDF's text with every run of white space made one space (lines wrap where they like).
    static QString pdfText(const QString& pdf) {
        return run("pdftotext", {"-layout", pdf, "-"}).simplified();
    }
    static int pages(const QString& pdf) {
        const QString info = run("pdfinfo", {pdf});
        const auto m = QRegularExpression("Pages:\\s+(\\d+)").match(info);
        return m.hasMatch() ? m.captured(1).toInt() : 0;
    }

  private slots:
    void initTestCase() {
        if (::geteuid() != 0) QSKIP("needs root: the comparison runs a real container");
        if (QStandardPaths::findExecutable("pdftotext").isEmpty() ||
            QStandardPaths::findExecutable("pdfinfo").isEmpty())
            QSKIP("needs pdftotext and pdfinfo (poppler-utils; setup.sh installs it)");
        state_.makeDirs();
        state_.useHere();
        qputenv("LANG", "C.UTF-8");  // the report in English, whatever the machine's language
        qputenv("LANGUAGE", "en");
    }

    void theReportHoldsTheRunsHostAndFigures() {
        const QString pdf = dir_.filePath("cpu report.pdf");
        int code = -1;
        const QString json = run(JUXTACTL,
                                 {"compare", "--workload", "cpu", "--params", "ops=2000000", "--variants",
                                  "host,container", "--repeat", "1", "--json", "--save", "--report", pdf},
                                 &code);
        QCOMPARE(code, 0);
        auto c = compare::comparisonFromJson(json.toStdString());
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message().c_str());
        QVERIFY(QFile::exists(pdf));
        QVERIFY(pages(pdf) >= 2);  // the table, then the charts: never one chart cut across pages
        const QString text = pdfText(pdf);
        QVERIFY2(text.contains(QString::fromStdString(c->host.cpuModel).simplified()), qPrintable(text));
        QVERIFY(text.contains(QString::fromStdString(c->host.kernel)));
        const compare::Metric* ops = c->variant(InstanceKind::Container)->metric("ops_per_s");
        QVERIFY(ops && ops->stat.median > 0);
        const QString figure = ui::figures::value(ops->stat.median, ops->unit);
        QVERIFY2(text.contains(figure), qPrintable(figure));
        // Nothing but the report itself was left in its folder.
        QCOMPARE(QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"cpu report.pdf"});

        // The saved run, reported again: the same figure.
        const QString again = dir_.filePath("again.pdf");
        run(JUXTACTL, {"compare", "--show", QString::fromStdString(c->id), "--report", again}, &code);
        QCOMPARE(code, 0);
        QVERIFY(pdfText(again).contains(figure));
    }
};

QTEST_GUILESS_MAIN(TestCompareReportCli)
#include "test_compare_report_cli.moc"
