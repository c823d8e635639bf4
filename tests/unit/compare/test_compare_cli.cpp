// Bad input to `juxtactl compare` / `juxtactl density` and to the harness: one clear error, exit
// status 2, before anything runs (no root needed: nothing gets that far).
#include <QTemporaryDir>
#include <QtTest>

#include "compare/harness.h"
#include "support/program_run.h"
#include "support/scratch_state.h"

using namespace juxta;
using namespace juxta::compare;

class TestCompareCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    testing::ScratchState state_;

    testing::ProgramRun juxtactl(const QStringList& args) {
        return testing::juxtactl(args, std::chrono::seconds(30), state_.environment());
    }

  private slots:
    void badArgumentsExitTwoWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown workload")
            << QStringList{"compare", "--workload", "gpu"} << "unknown workload 'gpu'";
        QTest::newRow("no workload") << QStringList{"compare"} << "missing --workload";
        QTest::newRow("repeat 0") << QStringList{"compare", "--workload", "cpu", "--repeat", "0"}
                                  << "--repeat '0'";
        QTest::newRow("repeat abc") << QStringList{"compare", "--workload", "cpu", "--repeat", "abc"}
                                    << "--repeat 'abc'";
        QTest::newRow("unknown variant")
            << QStringList{"compare", "--workload", "cpu", "--variants", "host,lxc"}
            << "unknown variant 'lxc'";
        QTest::newRow("variant twice")
            << QStringList{"compare", "--workload", "cpu", "--variants", "host,host"}
            << "variant host is given twice";
        QTest::newRow("unknown parameter")
            << QStringList{"compare", "--workload", "cpu", "--params", "mib=3"} << "has no parameter 'mib'";
        QTest::newRow("parameter without value")
            << QStringList{"compare", "--workload", "cpu", "--params", "ops"} << "expected NAME=VALUE";
        QTest::newRow("two formats") << QStringList{"compare", "--workload", "cpu", "--json", "--csv"}
                                     << "choose one of";
        QTest::newRow("bad memory") << QStringList{"compare", "--workload", "cpu", "--memory", "lots"}
                                    << "lots";
        QTest::newRow("report is a folder")
            << QStringList{"compare", "--workload", "cpu", "--report", dir_.path()} << "is a folder";
        QTest::newRow("report not a pdf")
            << QStringList{"compare", "--workload", "cpu", "--report", dir_.path() + "/r.txt"} << "FILE.pdf";
        QTest::newRow("report folder missing")
            << QStringList{"compare", "--workload", "cpu", "--report", dir_.path() + "/none/r.pdf"}
            << "create it first";
        QTest::newRow("report folder unwritable")
            << QStringList{"compare", "--show", "x", "--report", "/proc/r.pdf"} << "cannot write in /proc";
        QTest::newRow("scenario with host")
            << QStringList{"compare", "--scenario", "stack", "--variants", "host,container"}
            << "leave out host";
        QTest::newRow("unknown scenario")
            << QStringList{"compare", "--scenario", "lamp"} << "the scenarios are stack and compose";
        QTest::newRow("scenario and workload")
            << QStringList{"compare", "--scenario", "stack", "--workload", "cpu"}
            << "choose one of --workload, --scenario and --compose";
        QTest::newRow("compose and workload")
            << QStringList{"compare", "--compose", "c.yaml", "--workload", "cpu"}
            << "choose one of --workload, --scenario and --compose";
        QTest::newRow("compose with variants")
            << QStringList{"compare", "--compose", "c.yaml", "--variants", "vm"}
            << "takes --as, not --variants";
        QTest::newRow("as without compose")
            << QStringList{"compare", "--workload", "cpu", "--as", "vm"} << "--as is for --compose";
        QTest::newRow("a scenario's service alone")
            << QStringList{"compare", "--workload", "service"} << "part of a scenario";
        QTest::newRow("density host") << QStringList{"density", "--kind", "host"} << "use container or vm";
        QTest::newRow("density max 0")
            << QStringList{"density", "--kind", "container", "--max", "0"} << "--max '0'";
    }
    void badArgumentsExitTwoWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const testing::ProgramRun r = juxtactl(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith("juxtactl: ") && r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(!std::filesystem::exists(state_.dataDir()));  // nothing was made
        QCOMPARE(QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

    void validateNamesWhatIsWrong() {
        Manifest m;
        m.workload = "cpu";
        m.variants = {InstanceKind::Host};
        QVERIFY(validate(m).ok());
        m.repeats = 101;
        QVERIFY(validate(m).error().message().find("expected 1 to 100") != std::string::npos);
        m.repeats = 1;
        m.variants.clear();
        QVERIFY(validate(m).error().message().find("no variant") != std::string::npos);
        m.variants = {InstanceKind::Vm};
        m.vmVcpus = 0;
        QVERIFY(validate(m).error().message().find("vCPUs 0") != std::string::npos);
        m.vmVcpus = 1;
        m.parameters = {{"ops", ""}};
        QVERIFY(validate(m).error().message().find("needs a value") != std::string::npos);
    }

    void theWorkloadRejectsBadParametersItself() {
        QProcess p;
        p.start(QString::fromStdString(locateWorkload().string()), {"cpu", "--ops", "-5"});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString(p.readAllStandardError()).contains("--ops '-5': expected a positive whole number"));
        QVERIFY(p.readAllStandardOutput().isEmpty());
    }

    // The stack scenario's services: ready first, then their pace every second, then the totals.
    void eachServiceSaysReadyThenReportsItsPace() {
        for (const char* role : {"web", "db", "cache", "worker"}) {
            QProcess p;
            p.start(QString::fromStdString(locateWorkload().string()),
                    {"service", "--role", role, "--seconds", "2", "--dir", dir_.path()});
            QVERIFY(p.waitForFinished(20000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
            const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
            QVERIFY2(lines.size() >= 3, role);
            const QJsonObject ready = QJsonDocument::fromJson(lines.first()).object();
            QCOMPARE(ready["service"].toString(), QString(role));
            QVERIFY(ready["ready"].toBool());
            const QJsonObject pace = QJsonDocument::fromJson(lines[1]).object();
            QCOMPARE(pace["t_s"].toInt(), 1);
            QVERIFY2(pace["ops_per_s"].toDouble() > 0, role);
            const QJsonObject totals = QJsonDocument::fromJson(lines.last()).object();
            QCOMPARE(totals["workload"].toString(), QString("service"));
            QVERIFY(totals["ops"].toDouble() > 0);
        }
        QCOMPARE(QDir(dir_.path()).entryList(QDir::Files).size(), 0);  // the db removed its file
        QProcess bad;
        bad.start(QString::fromStdString(locateWorkload().string()), {"service", "--role", "mq"});
        QVERIFY(bad.waitForFinished(10000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(QString(bad.readAllStandardError()).contains("use web, db, cache or worker"));
    }

    void theWorkloadPrintsOneJsonLine() {
        QProcess p;
        p.start(QString::fromStdString(locateWorkload().string()), {"syscall", "--calls", "1000"});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QCOMPARE(out.count('\n'), 1);
        const QJsonObject j = QJsonDocument::fromJson(out).object();
        QCOMPARE(j["workload"].toString(), QString("syscall"));
        QVERIFY(j["ns_per_call"].toDouble() > 0);
        QVERIFY(j["end_mono_ns"].toDouble() >= j["start_mono_ns"].toDouble());
    }
};

QTEST_GUILESS_MAIN(TestCompareCli)
#include "test_compare_cli.moc"
