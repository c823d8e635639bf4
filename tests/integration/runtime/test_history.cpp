// A container's resource history (instances/history.h): its monitor records it once a second, it
// outlives the monitor (kill -9) and goes on when the container starts again, `juxtactl stats` and
// `juxtactl metrics export` read it, and neither a corrupt file nor a full disk stops the container.
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <QProcess>
#include <QTest>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "container_fixture.h"
#include "core/paths.h"
#include "instances/history.h"
#include "metrics/ring_file.h"
#include "runtime/lifecycle/lifecycle.h"

using namespace juxta;
using nlohmann::json;
using testing::juxtactl;
namespace fs = std::filesystem;

class TestHistory : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;

    static json parse(const QString& text) {
        json j = json::parse(text.toStdString(), nullptr, false);
        return j.is_discarded() ? json() : j;
    }
    // `stats --no-stream --json NAME`'s one row.
    json stats(const char* name) {
        auto r = juxtactl({"stats", "--no-stream", "--json", name});
        const json rows = parse(r.out);
        return r.code == 0 && rows.is_array() && rows.size() == 1 && rows[0].is_object() ? rows[0]
                                                                                         : json::object();
    }
    // `metrics export NAME --since 1h --format json`'s points.
    json points(const char* name) {
        auto r = juxtactl({"metrics", "export", name, "--since", "1h", "--format", "json"});
        const json series = parse(r.out);
        return r.code == 0 && series.is_array() && series.size() == 1 ? series[0]["points"] : json::array();
    }
    std::string create(const char* name, const char* script) {
        auto created =
            juxtactl({"create", "--name", name, "--cpus", "0.5", "busybox", "--", "sh", "-c", script});
        return created.out.trimmed().toStdString();
    }
    static fs::path historyOf(const std::string& id) {
        return instances::historyFileOf(InstanceKind::Container, id);
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    void theMonitorRecordsAndTheHistoryOutlivesIt() {
        const std::string id = create("busy", "while :; do :; done");
        QCOMPARE(id.size(), std::size_t(12));
        JUXTA_COMPARE_EXIT(juxtactl({"start", "busy"}), 0);
        // A point a second from the second second on: busy at its half core, using some memory.
        QTRY_VERIFY_WITH_TIMEOUT(stats("busy").value("cpu_percent", 0.0) > 20, 10000);
        const json row = stats("busy");
        QCOMPARE(row["kind"].get<std::string>(), std::string("container"));
        QVERIFY(row["cpu_percent"].get<double>() < 80);  // --cpus 0.5
        QVERIFY(row["memory_bytes"].get<double>() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(points("busy").size() >= 3, 10000);

        // The monitor killed outright: what it recorded stays, and reads.
        auto status = runtime::instanceStatus(id);
        QVERIFY(status.ok());
        QCOMPARE(::kill(status->state.monitorPid, SIGKILL), 0);
        QTest::qWait(1500);
        const std::size_t before = points("busy").size();
        QVERIFY(before >= 3);
        QVERIFY(stats("busy").contains("note"));  // not running now: no live figures

        // Started again, a new monitor goes on in the same history.
        JUXTA_COMPARE_EXIT(juxtactl({"start", "busy"}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(points("busy").size() >= before + 2, 10000);
        const json all = points("busy");
        for (std::size_t i = 1; i < all.size(); ++i)
            QVERIFY(all[i]["time_ms"].get<int64_t>() > all[i - 1]["time_ms"].get<int64_t>());

        // CSV, one header and a line a point.
        auto csv = juxtactl({"metrics", "export", "busy", "--since", "10m"});
        QCOMPARE(csv.code, 0);
        QVERIFY(csv.out.startsWith("kind,id,name,time_ms,cpu_percent,memory_bytes,"));
        QVERIFY(csv.out.count('\n') >= int(before) + 3);
        QVERIFY(csv.out.contains(("container," + id + ",busy,").c_str()));

        QCOMPARE(juxtactl({"rm", "-f", "busy"}).code, 0);
        QVERIFY(!fs::exists(historyOf(id)));  // removed with the container
    }

    // One monitor records every container's history (runtime/lifecycle/shared_recorder.h); when it
    // ends, another takes over.
    void oneMonitorRecordsThemAllAndAnotherTakesOver() {
        std::vector<std::string> ids;
        for (const char* name : {"share-a", "share-b", "share-c"}) {
            ids.push_back(create(name, "sleep 600"));
            JUXTA_COMPARE_EXIT(juxtactl({"start", name}), 0);
        }
        for (const char* name : {"share-a", "share-b", "share-c"})
            QTRY_VERIFY_WITH_TIMEOUT(points(name).size() >= 2, 10000);
        // The holder of the lock, from /proc/locks (an flock of the lock file's inode).
        const auto holder = [] {
            struct stat st {};
            if (::stat((paths::stateDir() / "containers" / "recorder.lock").c_str(), &st) != 0)
                return pid_t(0);
            std::ifstream locks("/proc/locks");
            const std::string inode = ":" + std::to_string(st.st_ino) + " ";
            for (std::string line; std::getline(locks, line);)
                if (line.find("FLOCK") != std::string::npos && line.find("->") == std::string::npos &&
                    line.find(inode) != std::string::npos) {
                    std::istringstream fields(line);
                    std::string n, kind, mode, type;
                    pid_t pid = 0;
                    fields >> n >> kind >> mode >> type >> pid;
                    return pid;
                }
            return pid_t(0);
        };
        const pid_t first = holder();
        QVERIFY(first > 0);
        std::vector<pid_t> monitors;
        for (const std::string& id : ids) monitors.push_back(runtime::loadState(id).monitorPid);
        const auto at = std::find(monitors.begin(), monitors.end(), first);
        QVERIFY2(at != monitors.end(), "the lock's holder is one of the containers' monitors");
        // Only the holder wakes each second: another monitor's threads do not run at all meanwhile.
        const pid_t idle = monitors[at == monitors.begin() ? 1 : 0];
        const auto timesRun = [](pid_t pid) {
            long long n = 0;
            for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
                std::ifstream schedstat(task.path() / "schedstat");
                long long ns = 0, waited = 0, slices = 0;
                schedstat >> ns >> waited >> slices;
                n += slices;
            }
            return n;
        };
        const long long before = timesRun(idle);
        QTest::qWait(3000);
        QCOMPARE(timesRun(idle), before);
        QCOMPARE(::kill(first, SIGKILL), 0);
        const std::size_t gone = std::size_t(at - monitors.begin());
        QTRY_VERIFY_WITH_TIMEOUT(holder() > 0 && holder() != first, 5000);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i == gone) continue;
            const char* name = i == 0 ? "share-a" : i == 1 ? "share-b" : "share-c";
            const std::size_t now = points(name).size();
            QTRY_VERIFY_WITH_TIMEOUT(points(name).size() >= now + 2, 10000);  // recorded on
        }
        for (const char* name : {"share-a", "share-b", "share-c"})
            QCOMPARE(juxtactl({"rm", "-f", name}).code, 0);
    }

    void aCorruptHistoryIsMadeAnew() {
        const std::string id = create("corrupt", "sleep 30");
        fs::create_directories(historyOf(id).parent_path());
        std::ofstream(historyOf(id)) << std::string(100000, 'x');
        JUXTA_COMPARE_EXIT(juxtactl({"start", "corrupt"}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(stats("corrupt").contains("memory_bytes"), 10000);
        QVERIFY(metrics::RingFile::openForReading(historyOf(id)).ok());
        QCOMPARE(juxtactl({"rm", "-f", "corrupt"}).code, 0);
    }

    // No room for the history: the container runs, and stats says why nothing is recorded.
    void aFullDiskStopsTheRecordingNotTheContainer() {
        const std::string id = create("full", "sleep 30");
        const fs::path dir = historyOf(id).parent_path();
        fs::create_directories(dir);
        QVERIFY2(::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=256k,mode=0700") == 0, strerror(errno));
        struct Unmount {
            fs::path dir;
            ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
        } unmount{dir};
        JUXTA_COMPARE_EXIT(juxtactl({"start", "full"}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            stats("full").value("note", std::string()).find("not recorded") != std::string::npos, 10000);
        const std::string note = stats("full")["note"];
        QVERIFY2(note.find("No space left on device") != std::string::npos, note.c_str());
        QVERIFY(runtime::instanceStatus(id)->state.state == InstanceState::Running);
        QCOMPARE(juxtactl({"rm", "-f", "full"}).code, 0);
    }

    void badInputIsOneClearError() {
        auto none = juxtactl({"stats", "--no-stream", "nosuch"});
        QCOMPARE(none.code, 1);
        QVERIFY(none.err.contains("no container or VM nosuch"));
        auto since = juxtactl({"metrics", "export", "--since", "5x"});
        QCOMPARE(since.code, 2);
        QVERIFY(since.err.contains("not a duration"));
        QCOMPARE(juxtactl({"metrics", "export", "--format", "xml"}).code, 2);
        QCOMPARE(juxtactl({"metrics", "bogus"}).code, 2);
        // A foreign file where the host's history lies: reported, never read as one.
        std::ofstream(instances::hostHistoryFile()) << "not a ring";
        auto host = juxtactl({"metrics", "export", "host"});
        QCOMPARE(host.code, 1);
        QVERIFY2(host.err.contains("not a Juxta metrics ring") || host.err.contains("shorter than"),
                 qPrintable(host.err));
        fs::remove(instances::hostHistoryFile());
    }

    // `metrics record` keeps the host's history, one recorder at a time.
    void theHostsHistoryIsRecorded() {
        QProcess recorder;
        recorder.start(QStringLiteral(JUXTACTL), {"metrics", "record"});
        QVERIFY(recorder.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(points("host").size() >= 2, 10000);
        const json p = points("host")[0];
        QVERIFY(p["memory_bytes"].get<double>() > 0);
        QVERIFY(p["memory_limit_bytes"].get<double>() >= p["memory_bytes"].get<double>());
        auto second = juxtactl({"metrics", "record"});
        QCOMPARE(second.code, 1);
        QVERIFY(second.err.contains("being recorded already"));
        recorder.terminate();  // SIGTERM: it ends cleanly
        QVERIFY(recorder.waitForFinished(5000));
        QCOMPARE(recorder.exitCode(), 0);
        QVERIFY(stats("host").contains("memory_bytes") || stats("host").contains("note"));
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "test_history.moc"
