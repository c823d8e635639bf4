// `juxtactl run` end to end: exit codes, signals, timings, and bad input that leaves nothing.
#include <signal.h>
#include <unistd.h>

#include <QProcess>
#include <QTest>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "container_fixture.h"

using namespace juxta;
using testing::juxtactl;
namespace fs = std::filesystem;

class TestJuxtactlRun : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;

    // Containers' cgroups (12-hex-digit directories under juxta/) that exist now; other
    // containers on the host (someone's GUI) may come and go, so a test compares against this.
    static std::set<std::string> containerCgroups() {
        std::set<std::string> ids;
        std::error_code ec;
        for (const char* h : {"memory", "pids", "freezer"})
            for (const auto& e : fs::directory_iterator(fs::path("/sys/fs/cgroup") / h / "juxta", ec))
                if (e.is_directory() && e.path().filename().string().size() == 12)
                    ids.insert(std::string(h) + "/" + e.path().filename().string());
        return ids;
    }
    std::set<std::string> baseline;

    // Signals p only while it is still this test's child: once Qt has reaped it, processId() is 0,
    // and kill(0, ...) would signal this whole process group — ctest and the shell that started it.
    // (No event is processed between the check and the kill, so the pid cannot be reaped between.)
    static bool signalLiveChild(QProcess& p, int signal) {
        return p.state() == QProcess::Running && p.processId() > 0 &&
               ::kill(pid_t(p.processId()), signal) == 0;
    }
    static QString endedEarly(QProcess& p) {
        p.waitForFinished(1000);
        return "juxtactl run ended before the signal (exit " + QString::number(p.exitCode()) +
               "): " + QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
    }

    // Nothing under the runtime dir but the shared mount base, and no new cgroup under juxta/.
    void checkNothingLeft() {
        if (fs::exists(fx.runtimeDir() / "containers")) QVERIFY(fs::is_empty(fx.runtimeDir() / "containers"));
        if (fs::exists(fx.runtimeDir() / "mnt")) QVERIFY(fs::is_empty(fx.runtimeDir() / "mnt"));
        QVERIFY(!fs::exists(fx.dataDir() / "containers") || fs::is_empty(fx.dataDir() / "containers"));
        for (const auto& cg : containerCgroups()) QVERIFY2(baseline.count(cg), cg.c_str());
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }
    void init() { baseline = containerCgroups(); }
    void cleanup() {  // what a failed test function left running stands in no other's way
        if (QTest::currentTestFailed())
            for (const auto& c : nlohmann::json::parse(juxtactl({"ps", "-a", "--json"}).out.toStdString()))
                juxtactl({"rm", "-f", QString::fromStdString(c["id"].get<std::string>())});
    }

    void exitsWithTheWorkloadsCode() {
        auto r = juxtactl({"run", "--rm", "busybox", "--", "sh", "-c", "echo out; exit 3"});
        JUXTA_COMPARE_EXIT(r, 3);
        QCOMPARE(r.out, QString("out\n"));
        JUXTA_COMPARE_EXIT(juxtactl({"run", "--rm", "busybox", "/bin/true"}), 0);
        QCOMPARE(juxtactl({"run", "--rm", "--name", "web", "busybox", "hostname"}).out, QString("web\n"));
        checkNothingLeft();
    }

    void oomKillIsReportedAs137() {
        auto r = juxtactl({"run", "--rm", "--memory", "16M", "busybox", "--", "tail", "/dev/zero"});
        JUXTA_COMPARE_EXIT(r, 137);
        QVERIFY2(r.err.contains("OOM-killed"), qPrintable(r.err));
        checkNothingLeft();
    }

    void signalsAreForwardedThenKill() {
        QProcess p;
        p.start(JUXTACTL, {"run", "--rm", "busybox", "--", "sleep", "30"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(300);
        if (!signalLiveChild(p, SIGTERM)) QFAIL(qPrintable(endedEarly(p)));  // sleep as pid 1 ignores it...
        QTest::qWait(100);
        if (!signalLiveChild(p, SIGTERM)) QFAIL(qPrintable(endedEarly(p)));  // ...so the second one kills
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitCode(), 128 + SIGKILL);
        checkNothingLeft();
    }

    // A run in the foreground is a container like any other while it runs — `ps` shows it running,
    // `exec` and `logs` reach it, `stop` ends it — with its stdout and stderr apart on ours, and
    // --rm removes it whole before run returns.
    void aForegroundRunIsMonitored() {
        QProcess p;
        p.start(JUXTACTL, {"run", "--rm", "-i", "--name", "fg", "busybox", "--", "sh", "-c",
                           "echo out; echo err >&2; read line; echo \"read $line\"; sleep 30"});
        QVERIFY(p.waitForStarted());
        p.write("typed\n");  // -i: its stdin is ours (through a pipe of juxtactl's)
        QTRY_VERIFY_WITH_TIMEOUT(juxtactl({"logs", "fg"}).out.contains("read typed"), 10000);
        const auto ps = nlohmann::json::parse(juxtactl({"ps", "--json"}).out.toStdString());
        QCOMPARE(ps.size(), std::size_t(1));
        QCOMPARE(ps[0]["name"].get<std::string>(), std::string("fg"));
        QCOMPARE(ps[0]["state"].get<std::string>(), std::string("running"));
        auto inside = juxtactl({"exec", "fg", "--", "sh", "-c", "echo inside; cat /proc/1/comm"});
        JUXTA_COMPARE_EXIT(inside, 0);
        QCOMPARE(inside.out, QString("inside\nsleep\n"));                // sh -c exec'd its last command
        JUXTA_COMPARE_EXIT(juxtactl({"stop", "--time", "1", "fg"}), 0);  // sleep as pid 1 ignores SIGTERM
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 128 + SIGKILL);
        QCOMPARE(QString(p.readAllStandardOutput()), QString("out\nread typed\n"));
        const QString err = p.readAllStandardError();
        QVERIFY2(err.startsWith("err\njuxtactl: container fg killed by signal 9"), qPrintable(err));
        QCOMPARE(juxtactl({"ps", "-a"}).out.count('\n'), 1);  // the heading only
        checkNothingLeft();

        // Kept (no --rm): exited, with its log, its timeline and its exit code.
        JUXTA_COMPARE_EXIT(
            juxtactl({"run", "--name", "kept", "busybox", "--", "sh", "-c", "echo bye; exit 7"}), 7);
        const auto kept = nlohmann::json::parse(juxtactl({"ps", "-a", "--json"}).out.toStdString());
        QCOMPARE(kept.size(), std::size_t(1));
        QCOMPARE(kept[0]["state"].get<std::string>(), std::string("exited"));
        QCOMPARE(juxtactl({"logs", "kept"}).out, QString("bye\n"));
        JUXTA_COMPARE_EXIT(juxtactl({"rm", "kept"}), 0);
        checkNothingLeft();
    }

    // The monitor never writes to juxtactl's terminal or stdout itself, only to pipes of juxtactl's:
    // a juxtactl that stops reading (stopped, here) holds the output back, but the container's end
    // is still recorded; without -i the workload's stdin is empty.
    void aStarterThatStopsReadingHoldsBackNoEnd() {
        QProcess p;
        p.start(JUXTACTL, {"run", "--name", "stall", "busybox", "--", "sh", "-c", "yes | head -c 50000000"});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(juxtactl({"ps"}).out.contains("stall"), 10000);
        if (!signalLiveChild(p, SIGSTOP)) QFAIL(qPrintable(endedEarly(p)));
        JUXTA_COMPARE_EXIT(juxtactl({"stop", "--time", "1", "stall"}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(juxtactl({"ps", "-a"}).out.contains("killed by signal 9"), 15000);
        QVERIFY(signalLiveChild(p, SIGCONT));
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 128 + SIGKILL);
        JUXTA_COMPARE_EXIT(juxtactl({"rm", "stall"}), 0);

        QProcess noInput;
        noInput.start(JUXTACTL, {"run", "--rm", "busybox", "cat"});
        QVERIFY(noInput.waitForStarted());
        noInput.write("not for it\n");
        noInput.closeWriteChannel();
        QVERIFY(noInput.waitForFinished(10000));
        QCOMPARE(noInput.exitCode(), 0);
        QCOMPARE(noInput.readAllStandardOutput(), QByteArray());
        checkNothingLeft();
    }

    void imagesListsTheBuiltInBusybox() {
        auto r = juxtactl({"images", "--json"});
        QCOMPARE(r.code, 0);
        auto list = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0]["name"].get<std::string>(), std::string("busybox"));
        QVERIFY(list[0]["size_bytes"].get<uint64_t>() > 500'000);  // the static busybox itself
        QVERIFY(juxtactl({"images"}).out.contains("busybox"));
    }

    void timingsFileHasThePhases() {
        const QString file = QString::fromStdString((fx.dataDir() / "timings.json").string());
        JUXTA_COMPARE_EXIT(juxtactl({"run", "--rm", "--timings", file, "busybox", "/bin/true"}), 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto j = nlohmann::json::parse(f.readAll().toStdString());
        QVERIFY(j["total_ms"].get<double>() > 0);
        QStringList names;
        for (const auto& p : j["phases"]) names << QString::fromStdString(p["name"].get<std::string>());
        for (const char* phase :
             {"image_resolved", "clone", "rootfs_mounted", "pivot_root", "seccomp_loaded", "exec"})
            QVERIFY2(names.contains(phase), phase);
    }

    void badInputIsOneClearErrorAndLeavesNothing_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("memory abc") << QStringList{"run", "--memory", "abc", "busybox"} << 2
                                    << "memory limit 'abc'";
        QTest::newRow("memory -5") << QStringList{"run", "--memory", "-5", "busybox"} << 2
                                   << "must be positive";
        QTest::newRow("pids -5") << QStringList{"run", "--pids", "-5", "busybox"} << 2 << "pids limit '-5'";
        QTest::newRow("cpus abc") << QStringList{"run", "--cpus", "abc", "busybox"} << 2 << "CPU limit 'abc'";
        QTest::newRow("no image") << QStringList{"run", "--rm"} << 2 << "missing IMAGE";
        QTest::newRow("unknown image")
            << QStringList{"run", "nosuchimage"} << 1 << "unknown image 'nosuchimage'";
        QTest::newRow("bad image name") << QStringList{"run", "../x"} << 1 << "not an image name";
        QTest::newRow("no such command")
            << QStringList{"run", "busybox", "--", "/nope"} << 1 << "exec /nope: No such file or directory";
        QTest::newRow("unknown option")
            << QStringList{"run", "--bogus", "busybox"} << 2 << "unknown option --bogus";
        QTest::newRow("unknown network") << QStringList{"run", "--net", "wifi", "busybox"} << 2
                                         << "unknown network 'wifi' — use --net none or --net bridge";
    }
    void badInputIsOneClearErrorAndLeavesNothing() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        auto r = juxtactl(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);  // one line
        QVERIFY(r.out.isEmpty());
        checkNothingLeft();
    }
};

QTEST_GUILESS_MAIN(TestJuxtactlRun)
#include "test_juxtactl_run.moc"
