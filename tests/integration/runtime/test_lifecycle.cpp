// Detached containers through juxtactl: they outlive the command that started them, their
// monitor keeps the log and the exit status, and rm leaves nothing.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QProcess>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "container_fixture.h"
#include "runtime/lifecycle/lifecycle.h"

using namespace juxta;
using testing::juxtactl;
namespace fs = std::filesystem;

class TestLifecycle : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;

    nlohmann::json ps() { return nlohmann::json::parse(juxtactl({"ps", "-a", "--json"}).out.toStdString()); }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    void createStartPauseStopRemove() {
        auto created = juxtactl({"create", "--name", "ticker", "--pids", "16", "busybox", "--", "sh", "-c",
                                 "trap 'echo bye; exit 0' TERM; while :; do echo tick; sleep 0.05; done"});
        QCOMPARE(created.code, 0);
        const std::string id = created.out.trimmed().toStdString();
        QCOMPARE(id.size(), std::size_t(12));
        QCOMPARE(ps()[0]["state"].get<std::string>(), std::string("created"));
        // A name names one container: a second one of the same name is refused, and leaves nothing.
        auto twin = juxtactl({"create", "--name", "ticker", "busybox", "--", "true"});
        QCOMPARE(twin.code, 1);
        QVERIFY2(twin.err.contains("a container named ticker exists already"), qPrintable(twin.err));
        QCOMPARE(ps().size(), std::size_t(1));
        QCOMPARE(std::distance(fs::directory_iterator(fx.dataDir() / "containers"), fs::directory_iterator()),
                 1);

        JUXTA_COMPARE_EXIT(juxtactl({"start", "ticker"}), 0);  // returns while the container runs on
        auto status = runtime::instanceStatus(id);
        QVERIFY(status.ok());
        QVERIFY(status->state.state == InstanceState::Running);
        QVERIFY(status->state.monitorPid > 0 &&
                ::kill(status->state.monitorPid, 0) == 0);  // the monitor holds it...
        QVERIFY(status->state.monitorPid != getpid());      // ...not this process
        QVERIFY(QString::fromStdString(status->state.timelineJson).contains("pivot_root"));
        QTest::qWait(200);
        QVERIFY(juxtactl({"logs", "ticker"}).out.contains("tick\ntick\n"));
        auto stats = runtime::instanceStats(id);
        QVERIFY(stats.ok());
        QVERIFY(stats->pids >= 1);

        QCOMPARE(juxtactl({"pause", id.c_str()}).code, 0);
        QCOMPARE(ps()[0]["state"].get<std::string>(), std::string("paused"));
        const auto frozenLog = fs::file_size(runtime::logFileOf(id));
        QTest::qWait(200);
        QCOMPARE(fs::file_size(runtime::logFileOf(id)), frozenLog);  // nothing runs while paused
        QCOMPARE(juxtactl({"resume", "ticker"}).code, 0);
        QCOMPARE(ps()[0]["state"].get<std::string>(), std::string("running"));

        auto busy = juxtactl({"rm", "ticker"});
        QCOMPARE(busy.code, 1);
        QVERIFY(busy.err.contains("is running"));
        QCOMPARE(juxtactl({"stop", "ticker"}).code, 0);  // the trap handles SIGTERM
        QCOMPARE(ps()[0]["state"].get<std::string>(), std::string("exited"));
        QCOMPARE(ps()[0]["exit_code"].get<int>(), 0);
        QVERIFY(juxtactl({"logs", "ticker"}).out.endsWith("bye\n"));

        JUXTA_COMPARE_EXIT(juxtactl({"start", "ticker"}), 0);  // again, from the same definition
        QCOMPARE(juxtactl({"rm", "-f", "ticker"}).code, 0);
        QVERIFY(ps().empty());
        QVERIFY(fx.leftovers(id).empty());
        QVERIFY(!fs::exists(fx.dataDir() / "containers" / id));
        QVERIFY(!fs::exists(runtime::logFileOf(id)));
    }

    void theEngineApiStartsWithoutForkingThisProcess() {
        // What the GUI does: start through the library from a process with other threads.
        auto created = juxtactl({"create", "--name", "api", "busybox", "--", "sleep", "30"});
        QCOMPARE(created.code, 0);
        const std::string id = created.out.trimmed().toStdString();
        std::jthread other(  // joined however the test ends
            [] { std::this_thread::sleep_for(std::chrono::milliseconds(300)); });  // now multi-threaded
        auto started = instances::start(runtime::containers(), id);
        QVERIFY2(started.ok(), started.ok() ? "" : started.error().message().c_str());
        auto status = runtime::instanceStatus(id);
        QVERIFY(status.ok() && status->state.state == InstanceState::Running);
        QCOMPARE(::waitpid(-1, nullptr, WNOHANG), -1);  // the launcher is reaped, the monitor is not ours
        QCOMPARE(errno, ECHILD);
        QVERIFY(runtime::instanceStats(id).ok());
        // The shared verbs (instances/lifecycle.h) check the record around the kind's own acts.
        const instances::Kind& containers = runtime::containers();
        auto again = instances::start(containers, id);
        QVERIFY(!again.ok() && again.error().code() == EBUSY);
        QCOMPARE(again.error().message(), std::string("container api is running already"));
        auto busy = instances::remove(containers, id, false);
        QVERIFY(!busy.ok() && busy.error().code() == EBUSY);
        QVERIFY(instances::pause(containers, id).ok());
        QVERIFY(fs::exists(instances::pausedMarkerOf(InstanceKind::Container, id)));
        QVERIFY(runtime::instanceStatus(id)->state.state == InstanceState::Paused);
        QVERIFY(instances::resume(containers, id).ok());
        QVERIFY(!fs::exists(instances::pausedMarkerOf(InstanceKind::Container, id)));
        QVERIFY(instances::stop(runtime::containers(), id, std::chrono::milliseconds(100))
                    .ok());  // sleep ignores SIGTERM
        QCOMPARE(runtime::instanceStatus(id)->describe(), std::string("killed by signal 9 (SIGKILL)"));
        auto notRunning = instances::pause(containers, id);
        QVERIFY(!notRunning.ok() && notRunning.error().code() == ESRCH);
        QCOMPARE(notRunning.error().message(), std::string("container api is not running"));
        QVERIFY(instances::remove(containers, id, false).ok());
        QVERIFY(fx.leftovers(id).empty());
        QCOMPARE(instances::start(containers, id).error().code(), ENOENT);  // gone, definition first
    }

    void startErrorsReachTheCaller() {
        auto created = juxtactl({"create", "--name", "broken", "busybox", "--", "/no/such/binary"});
        QCOMPARE(created.code, 0);
        auto started = juxtactl({"start", "broken"});
        QCOMPARE(started.code, 1);
        QVERIFY2(started.err.contains("exec /no/such/binary: No such file or directory"),
                 qPrintable(started.err));
        QCOMPARE(juxtactl({"rm", "broken"}).code, 0);
        QCOMPARE(juxtactl({"stop", "nosuch"}).code, 1);
    }

    void aKeptForegroundRunIsListedAndRemovable() {
        JUXTA_COMPARE_EXIT(
            juxtactl({"run", "--name", "once", "busybox", "--", "sh", "-c", "echo kept > /kept; exit 4"}), 4);
        auto list = ps();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0]["exit_code"].get<int>(), 4);
        const std::string id = list[0]["id"];
        QVERIFY(fs::exists(fx.dataDir() / "containers" / id / "upper" / "kept"));
        QCOMPARE(juxtactl({"rm", "once"}).code, 0);
        QVERIFY(fx.leftovers(id).empty());
    }
};

QTEST_GUILESS_MAIN(TestLifecycle)
#include "test_lifecycle.moc"
