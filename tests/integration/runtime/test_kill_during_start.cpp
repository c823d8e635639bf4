// A Juxta process killed outright leaves nothing that `juxtactl system prune` does not remove:
// juxtactl run --rm --net bridge, and a container's monitor, each SIGKILLed right after every
// phase of a start (the JUXTA_TEST_STOP_AFTER_PHASE hook, core/timeline.cpp); and a container
// whose image user is not root dies with its monitor. The test runs in a network namespace of
// its own, so the bridge and the veths exist only in there.
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "container_fixture.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/request.h"
#include "runtime/network.h"
#include "runtime/resource_record.h"

using namespace juxta;
using testing::juxtactl;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> entriesOf(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
    return names;
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The phase names of a timeline (PhaseTimeline::toJson()).
std::vector<std::string> phasesIn(const nlohmann::json& timeline) {
    std::vector<std::string> names;
    for (const auto& p : timeline["phases"]) names.push_back(p["name"]);
    return names;
}

// Every live process whose cgroup names the container (what a leftover cgroup would hold).
// The first leftover, for a failure message (QVERIFY2 builds it even when the check holds).
std::string first(const std::vector<std::string>& found) {
    return found.empty() ? std::string() : found.front();
}

// Every live (not ended) process for which keep(its /proc directory, its stat line after the
// name: state, parent, ...) holds.
template <class Keep>
std::vector<pid_t> processesWhere(Keep keep) {
    std::vector<pid_t> pids;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
        const std::string name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string stat = readAll(e.path() / "stat");
        const auto close = stat.rfind(')');
        if (close == std::string::npos || stat.compare(close + 2, 1, "Z") == 0)
            continue;  // ended: runs nothing
        if (keep(e.path(), stat.substr(close + 2))) pids.push_back(std::stoi(name));
    }
    return pids;
}

std::vector<pid_t> processesOf(const std::string& id) {
    return processesWhere([&](const fs::path& dir, const std::string&) {
        return readAll(dir / "cgroup").find("/juxta/" + id) != std::string::npos;
    });
}

}  // namespace

class TestKillDuringStart : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;

    // juxtactl with the test hook: it (or the monitor it starts) kills itself after `phase`.
    static testing::ProgramRun stoppedAfter(const std::string& phase, const QStringList& args) {
        qputenv("JUXTA_TEST_STOP_AFTER_PHASE", QByteArray::fromStdString(phase));
        auto r = juxtactl(args);
        qunsetenv("JUXTA_TEST_STOP_AFTER_PHASE");
        return r;
    }
    fs::path leases() const { return fx.dataDir() / "network" / "leases"; }
    fs::path records() const { return fx.runtimeDir() / "containers"; }

    // What any of `ids` could have left: cgroups, mounts, state, veth, lease, processes.
    std::vector<std::string> leftovers(const std::set<std::string>& ids) const {
        std::vector<std::string> found;
        for (const auto& id : ids) {
            for (auto& l : fx.leftovers(id)) found.push_back(std::move(l));
            if (if_nametoindex(runtime::hostLinkName(id).c_str()) != 0)
                found.push_back("veth " + runtime::hostLinkName(id));
            for (pid_t pid : processesOf(id)) found.push_back("process " + std::to_string(pid) + " of " + id);
        }
        for (const auto& lease : entriesOf(leases())) found.push_back("lease " + lease);
        return found;
    }
    // The ids a killed start may have used: its record directory, its lease.
    std::set<std::string> idsSeen() const {
        std::set<std::string> ids;
        for (const auto& id : entriesOf(records())) ids.insert(id);
        for (const auto& id : runtime::leaseHolders()) ids.insert(id);
        return ids;
    }

    // A started container whose workload (sleep) runs as uid 1000 — the case where
    // setresuid has cleared the init's PR_SET_PDEATHSIG. Empty on failure.
    std::string startedAsUser1000() {
        runtime::ContainerRequest request;
        request.image = "busybox";
        request.command = {"sleep", "1000"};
        auto resolved = runtime::resolveRequest(request);
        if (!resolved) return {};
        resolved->spec.uid = resolved->spec.gid = 1000;
        if (!runtime::createInstance(resolved->spec, resolved->image)) return {};
        const std::string id = resolved->spec.id;
        return juxtactl({"start", id.c_str()}).code == 0 ? id : std::string();
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        QVERIFY(::unshare(CLONE_NEWNET) == 0);  // juxtactl and its containers inherit it
    }

    void aForegroundRunKilledAfterAnyPhaseLeavesNothingAfterPrune() {
        const fs::path timings = fx.dataDir() / "timings.json";
        auto whole = juxtactl({"run", "--rm", "--net", "bridge", "--timings",
                               QString::fromStdString(timings.string()), "busybox", "--", "true"});
        QVERIFY2(whole.code == 0, qPrintable(whole.err));
        const auto phases = phasesIn(nlohmann::json::parse(readAll(timings)));
        QVERIFY2(phases.size() >= 8, readAll(timings).c_str());
        for (const auto& phase : phases) {
            auto killed =
                stoppedAfter(phase, {"run", "--rm", "--net", "bridge", "busybox", "--", "sleep", "60"});
            // juxtactl's own phases kill it; the container's, its monitor: then run says so.
            QVERIFY2(
                killed.code == -1 || (killed.code == 1 && killed.err.contains("died before it reported")),
                (phase + ": " + killed.err.toStdString()).c_str());
            const auto ids = idsSeen();
            auto pruned = juxtactl({"system", "prune"});
            QVERIFY2(pruned.code == 0, (phase + ": " + pruned.err.toStdString()).c_str());
            const auto left = leftovers(ids);
            QVERIFY2(left.empty(), (phase + ": " + first(left)).c_str());
            QVERIFY2(entriesOf(records()).empty(), phase.c_str());
            // Nor a --rm container defined by a run killed before its monitor started.
            const QString ps = juxtactl({"ps", "-a"}).out;
            QVERIFY2(ps.count('\n') == 1, (phase + ": " + ps.toStdString()).c_str());
        }
    }

    void aMonitorKilledAfterAnyPhaseLeavesNothingAfterPruneAndRm() {
        auto created = juxtactl({"create", "--net", "bridge", "busybox", "--", "sleep", "60"});
        QCOMPARE(created.code, 0);
        const std::string id = created.out.trimmed().toStdString();
        QCOMPARE(juxtactl({"start", id.c_str()}).code, 0);
        const auto phases = phasesIn(nlohmann::json::parse(runtime::instanceStatus(id)->state.timelineJson));
        QCOMPARE(juxtactl({"rm", "-f", id.c_str()}).code, 0);
        QVERIFY(phases.size() >= 8);
        for (const auto& phase : phases) {
            created = juxtactl({"create", "--net", "bridge", "busybox", "--", "sleep", "60"});
            QCOMPARE(created.code, 0);
            const std::string victim = created.out.trimmed().toStdString();
            auto started = stoppedAfter(phase, {"start", victim.c_str()});
            QVERIFY2(started.code == 1 && started.err.contains("died before it reported"),
                     (phase + ": " + started.err.toStdString()).c_str());
            // Its report pipe closes a moment before the killed monitor has quite ended.
            if (auto record = runtime::readRecord(victim))
                QTRY_VERIFY_WITH_TIMEOUT(!isAlive(record->owner), 5000);
            QCOMPARE(juxtactl({"system", "prune"}).code, 0);
            // Pruned: nothing runs and nothing of the start is left but the container's own files.
            QVERIFY2(processesOf(victim).empty(), phase.c_str());
            QVERIFY2(!fs::exists(runtime::resourceRecordOf(victim)), phase.c_str());
            QVERIFY2(if_nametoindex(runtime::hostLinkName(victim).c_str()) == 0, phase.c_str());
            // It starts again, and rm removes the rest.
            auto again = juxtactl({"start", victim.c_str()});
            QVERIFY2(again.code == 0, (phase + ": " + again.err.toStdString()).c_str());
            QCOMPARE(juxtactl({"rm", "-f", victim.c_str()}).code, 0);
            const auto left = leftovers({victim});
            QVERIFY2(left.empty(), (phase + ": " + first(left)).c_str());
        }
    }

    void aContainerOfAnotherUserDiesWithItsMonitor() {
        const std::string id = startedAsUser1000();
        QVERIFY(!id.empty());
        const auto state = runtime::instanceStatus(id)->state;
        QVERIFY(readAll("/proc/" + std::to_string(state.pid) + "/status").find("Uid:\t1000\t1000") !=
                std::string::npos);
        QVERIFY(!processesOf(id).empty());

        QVERIFY(::kill(state.monitorPid, SIGKILL) == 0);
        // Its keeper kills it, with no Juxta command run in between.
        QTRY_VERIFY_WITH_TIMEOUT(processesOf(id).empty(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!identityOf(state.monitorPid), 5000);  // ended (at most a zombie)
        auto ps = nlohmann::json::parse(juxtactl({"ps", "-a", "--json"}).out.toStdString());
        // Its end was never recorded: crashed, as a VM whose monitor died is.
        QCOMPARE(ps[0]["state"].get<std::string>(), std::string("crashed"));
        QVERIFY(fx.leftovers(id) == std::vector<std::string>{(records() / id).string()});  // state.json only
        QVERIFY(!fs::exists(runtime::resourceRecordOf(id)));
        QCOMPARE(juxtactl({"start", id.c_str()}).code, 0);  // starts again
        QCOMPARE(juxtactl({"rm", "-f", id.c_str()}).code, 0);
        QVERIFY(fx.leftovers(id).empty());
    }

    void rmKillsWhatAKilledMonitorAndKeeperLeft() {
        const std::string id = startedAsUser1000();
        QVERIFY(!id.empty());
        const auto state = runtime::instanceStatus(id)->state;
        // The keeper first (its name says which), then the monitor: no one is left to kill the container.
        const auto keepers = processesWhere([&](const fs::path& dir, const std::string& afterName) {
            return readAll(dir / "comm") == "juxta-keeper\n" &&
                   std::stoi(afterName.substr(2)) == state.monitorPid;
        });
        for (pid_t keeper : keepers) QVERIFY(::kill(keeper, SIGKILL) == 0);
        QVERIFY(::kill(state.monitorPid, SIGKILL) == 0);
        QTest::qWait(100);
        QVERIFY(!processesOf(id).empty());  // orphaned, running on
        QCOMPARE(juxtactl({"rm", "-f", id.c_str()}).code, 0);
        QVERIFY(processesOf(id).empty());
        QVERIFY(fx.leftovers(id).empty());
    }

    void theLogIsNotTheContainersToTouch() {
        auto created = juxtactl({"create", "busybox", "--", "sh", "-c",
                                 "echo out; echo err >&2; ls -l /proc/self/fd/1; chmod 666 /proc/self/fd/1; "
                                 "echo after"});
        QCOMPARE(created.code, 0);
        const std::string id = created.out.trimmed().toStdString();
        QCOMPARE(juxtactl({"start", id.c_str()}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(runtime::instanceStatus(id)->state.state == InstanceState::Exited, 5000);
        const std::string log = readAll(runtime::logFileOf(id));
        QVERIFY2(log.find("out\n") != std::string::npos && log.find("err\n") != std::string::npos,
                 log.c_str());
        QVERIFY2(log.find("pipe:[") != std::string::npos, log.c_str());  // stdout is a pipe, not the file
        QVERIFY2(log.find("after\n") != std::string::npos, log.c_str());
        QCOMPARE(fs::status(runtime::logFileOf(id)).permissions() & fs::perms::all,
                 fs::perms::owner_read | fs::perms::owner_write);
        QCOMPARE(juxtactl({"rm", id.c_str()}).code, 0);
    }

    void cleanupTestCase() {
        if (auto nl = runtime::Netlink::open()) (void)nl->deleteLink(runtime::kBridgeName);
    }
};

QTEST_GUILESS_MAIN(TestKillDuringStart)
#include "test_kill_during_start.moc"
