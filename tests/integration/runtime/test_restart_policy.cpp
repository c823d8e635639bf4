// Restart policies (instances/restart.h) through juxtactl: a container's monitor starts it again
// when it ends by itself — on-failure:N at most N times, always until a stop — never after a stop
// or a remove, however they meet its back-off; the policies it refuses, with their reason.
#include <QTest>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "container_fixture.h"

using namespace juxta;
using testing::juxtactl;

class TestRestartPolicy : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;

    static int runs(const QString& name) { return int(juxtactl({"logs", name}).out.count("run\n")); }
    static nlohmann::json row(const QString& name) {
        for (const auto& r : nlohmann::json::parse(juxtactl({"ps", "-a", "--json"}).out.toStdString()))
            if (r["name"] == name.toStdString()) return r;
        return {};
    }
    static int monitorsOf(const std::string& id) {
        auto found = testing::runProgram("pgrep", {"-f", QString::fromStdString("juxta-monitor.*" + id)});
        return int(found.out.count('\n'));
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }
    // What a failed check left: removed (rm marks it, so no policy brings it back), never left
    // looping once its scratch directory is gone.
    void cleanupTestCase() {
        for (const auto& r : nlohmann::json::parse(juxtactl({"ps", "-a", "--json"}).out.toStdString()))
            (void)juxtactl({"rm", "-f", QString::fromStdString(r["id"].get<std::string>())});
    }

    void onFailureRestartsAtMostNTimes() {
        auto run = juxtactl({"run", "-d", "--name", "flaky", "--restart", "on-failure:2", "--net", "none",
                             "busybox", "--", "sh", "-c", "echo run; exit 3"});
        JUXTA_COMPARE_EXIT(run, 0);
        // The first run and two restarts (200 ms, then 400 ms of back-off), then it stays ended.
        QTRY_COMPARE_WITH_TIMEOUT(runs("flaky"), 3, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(row("flaky")["status"].get<std::string>(), std::string("exited 3"), 10000);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        QCOMPARE(runs("flaky"), 3);
        QCOMPARE(monitorsOf(run.out.trimmed().toStdString()), 0);
        // A success ends on-failure's restarts at once.
        auto fine = juxtactl({"run", "-d", "--name", "fine", "--restart", "on-failure", "--net", "none",
                              "busybox", "--", "sh", "-c", "echo run"});
        JUXTA_COMPARE_EXIT(fine, 0);
        QTRY_COMPARE_WITH_TIMEOUT(row("fine")["status"].get<std::string>(), std::string("exited 0"), 10000);
        std::this_thread::sleep_for(std::chrono::seconds(1));
        QCOMPARE(runs("fine"), 1);
        JUXTA_COMPARE_EXIT(juxtactl({"rm", "flaky", "fine"}), 0);
    }

    void alwaysRestartsUntilStopped() {
        auto run = juxtactl({"run", "-d", "--name", "looper", "--restart", "always", "--net", "none",
                             "busybox", "--", "sh", "-c", "echo run; sleep 0.3"});
        JUXTA_COMPARE_EXIT(run, 0);
        const std::string id = run.out.trimmed().toStdString();
        QTRY_VERIFY_WITH_TIMEOUT(runs("looper") >= 3, 20000);  // exit 0 is no reason to stay down
        // Between two runs, ps says it is on its way back.
        QTRY_VERIFY_WITH_TIMEOUT(row("looper")["status"].get<std::string>() == "exited 0 (restarting)",
                                 20000);
        // A stop — while it runs or in its back-off — ends it for good.
        auto stopped = juxtactl({"stop", "--time", "1", "looper"});
        QVERIFY2(stopped.code == 0 || stopped.err.contains("is not running"), qPrintable(stopped.err));
        QTRY_COMPARE_WITH_TIMEOUT(monitorsOf(id), 0, 10000);
        const int after = runs("looper");
        std::this_thread::sleep_for(std::chrono::seconds(3));
        QCOMPARE(runs("looper"), after);
        QVERIFY(row("looper")["state"] != "running");
        // start brings the policy back.
        JUXTA_COMPARE_EXIT(juxtactl({"start", "looper"}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(runs("looper") >= after + 2, 20000);
        // A remove in the middle of it all leaves nothing: no container, no monitor.
        JUXTA_COMPARE_EXIT(juxtactl({"rm", "-f", "looper"}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(monitorsOf(id), 0, 10000);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        QVERIFY(row("looper").is_null());
        QCOMPARE(monitorsOf(id), 0);
    }

    // kill is a stop the user asked for (as Docker's); rm without -f refuses and changes nothing.
    void killEndsItRmWithoutForceDoesNot() {
        auto run = juxtactl({"run", "-d", "--name", "sleeper", "--restart", "always", "--net", "none",
                             "busybox", "--", "sh", "-c",
                             "echo run; until [ -f /stop ]; do sleep 0.1; done; rm /stop; exit 5"});
        JUXTA_COMPARE_EXIT(run, 0);
        const std::string id = run.out.trimmed().toStdString();
        QTRY_COMPARE_WITH_TIMEOUT(runs("sleeper"), 1, 10000);
        auto busy = juxtactl({"rm", "sleeper"});
        QVERIFY2(busy.code == 1 && busy.err.contains("is running"), qPrintable(busy.err));
        JUXTA_COMPARE_EXIT(juxtactl({"exec", "sleeper", "--", "touch", "/stop"}), 0);  // its own end: back
        QTRY_COMPARE_WITH_TIMEOUT(runs("sleeper"), 2, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(row("sleeper")["state"].get<std::string>(), std::string("running"), 10000);
        JUXTA_COMPARE_EXIT(juxtactl({"kill", "sleeper"}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(monitorsOf(id), 0, 10000);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        QCOMPARE(runs("sleeper"), 2);
        JUXTA_COMPARE_EXIT(juxtactl({"rm", "sleeper"}), 0);
    }

    void policiesItRefuses() {
        auto attached = juxtactl({"run", "--restart", "always", "busybox", "--", "true"});
        QCOMPARE(attached.code, 2);
        QVERIFY2(attached.err.contains("--restart applies to a detached container"),
                 qPrintable(attached.err));
        auto removed = juxtactl({"run", "-d", "--rm", "--restart", "always", "busybox", "--", "true"});
        QCOMPARE(removed.code, 1);
        QVERIFY2(removed.err.contains("--rm and a restart policy"), qPrintable(removed.err));
        auto bad = juxtactl({"create", "--restart", "sometimes", "busybox", "--", "true"});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("restart policy 'sometimes'"), qPrintable(bad.err));
        auto zero = juxtactl({"create", "--restart", "on-failure:0", "busybox", "--", "true"});
        QVERIFY2(zero.code == 1 && zero.err.contains("on-failure:N takes N from 1"), qPrintable(zero.err));
        QVERIFY(juxtactl({"ps", "-a"}).out.count('\n') == 1);  // the heading: nothing was made
    }
};

QTEST_GUILESS_MAIN(TestRestartPolicy)
#include "test_restart_policy.moc"
