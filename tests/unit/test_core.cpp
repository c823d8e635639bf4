// engine/core's value types: errors, formats for people, the sample ring, the phase timeline, paths.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/format.h"
#include "core/labels.h"
#include "core/paths.h"
#include "core/timeline.h"
#include "core/user_id.h"
#include "instances/detached.h"
#include "metrics/sample_history.h"

using namespace juxta;

class TestCore : public QObject {
    Q_OBJECT
  private slots:
    // Labels (core/labels.h): KEY=VALUE as --label takes it, bounded and checked; Juxta's own
    // "juxta." keys refused from a user.
    void labelsAreCheckedAndBounded() {
        auto l = parseLabel("com.example.tier=front=end");
        QVERIFY(l);
        QCOMPARE(l->first, std::string("com.example.tier"));
        QCOMPARE(l->second, std::string("front=end"));
        auto bare = parseLabel("flag");
        QVERIFY(bare && bare->second.empty());
        QVERIFY(!parseLabel("=v"));
        QVERIFY(!parseLabel("a b=c"));
        QVERIFY(!parseLabel(std::string(129, 'k') + "=v"));
        QVERIFY(!parseLabel("k=" + std::string(4097, 'v')));
        QVERIFY(!parseLabel("k=line\nbreak"));
        QVERIFY(parseLabel("k=" + std::string(4096, 'v')));
        QVERIFY(parseLabel("k=naïve ünïcode"));
        QVERIFY(!parseLabel("k=\xff"));          // not UTF-8: JSON could not hold it
        QVERIFY(!parseLabel("k=\xc0\xaf"));      // an overlong '/'
        QVERIFY(!parseLabel("k=\xed\xa0\x80"));  // a surrogate
        QVERIFY(!parseLabel("k=\xe2\x82"));      // cut short
        auto shown = parseLabel("\x1b[2Jk=v");   // an escape sequence never reaches the message
        QVERIFY(!shown && shown.error().message().find('\x1b') == std::string::npos);
        QVERIFY(isComposeProjectName("shop-2_a"));
        for (const char* bad : {"", "../x", "Shop", "-a", "a/b", "a b"})
            QVERIFY2(!isComposeProjectName(bad), bad);
        QVERIFY(!isComposeProjectName(std::string(49, 'a')));
        Labels many;
        for (std::size_t i = 0; i <= kMaxLabels; ++i) many["k" + std::to_string(i)] = "";
        QVERIFY(!checkLabels(many));
        many.erase(many.begin(), std::next(many.begin(), 10));  // kMaxLabels - 9: Juxta's, not a user's
        QVERIFY(checkLabels(many));
        QVERIFY(!checkUserLabels(many));
        QVERIFY(checkLabels({{std::string(kComposeProjectLabel), "shop"}}));
        auto own = checkUserLabels({{std::string(kComposeProjectLabel), "shop"}});
        QVERIFY(!own);
        QVERIFY(own.error().message().find("Juxta's own") != std::string::npos);
        QCOMPARE(labelValue({{"a", "1"}}, "a"), std::string("1"));
        QCOMPARE(labelValue({{"a", "1"}}, "b"), std::string());
    }
    void errorsWrapOutermostFirst() {
        Error e = Error::fromErrno("open /x", ENOENT).wrap("load image");
        QCOMPARE(e.code(), ENOENT);
        QCOMPARE(QString::fromStdString(e.message()),
                 QString("load image: open /x: No such file or directory"));
        Result<int> r = e;
        QVERIFY(!r.ok());
        Result<int> v = 5;
        QVERIFY(v.ok());
        QCOMPARE(*v, 5);
    }
    void userIdsFitIn32BitsOrAreRefused() {
        QCOMPARE(*parseUserId("0", "uid"), 0u);
        QCOMPARE(*parseUserId("4294967294", "uid"), 4294967294u);
        for (const char* bad :
             {"4294967295", "4294967296", "18446744073709551616", "99999999999999999999999"}) {
            auto r = parseUserId(bad, "image user");
            QVERIFY2(!r.ok(), bad);  // 4294967296 once wrapped to 0: root
            QCOMPARE(r.error().code(), ERANGE);
        }
        for (const char* bad : {"", "-1", "+5", " 5", "5 ", "0x10", "1e3", "12a"}) {
            auto r = parseUserId(bad, "image user");
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.error().code(), EINVAL);
        }
    }
    void bytesForPeople() {
        QCOMPARE(format::bytes(0), std::string("0 B"));
        QCOMPARE(format::bytes(512), std::string("512 B"));
        QCOMPARE(format::bytes(1536), std::string("1.50 KiB"));
        QCOMPARE(format::bytes(256.0 * 1024 * 1024), std::string("256 MiB"));
        QCOMPARE(format::bytes(23.5 * 1024 * 1024 * 1024), std::string("23.5 GiB"));
        QCOMPARE(format::bytes(-5), std::string("0 B"));
    }
    void ratesAndPercentForPeople() {
        QCOMPARE(format::bytesPerSecond(1500), std::string("1.50 KB/s"));
        QCOMPARE(format::bytesPerSecond(120e6), std::string("120 MB/s"));
        QCOMPARE(format::percent(12.345), std::string("12.3 %"));
        QCOMPARE(format::percent(100), std::string("100 %"));
        QCOMPARE(format::duration(0.25), std::string("250 ms"));
        QCOMPARE(format::duration(303), std::string("5 min 3 s"));
        QCOMPARE(format::duration(2 * 86400 + 3 * 3600 + 5), std::string("2 d 3 h"));
    }
    void historyKeepsTheNewestInOrder() {
        SampleHistory h(3);
        for (int i = 1; i <= 5; ++i) {
            MetricSample s;
            s.timeMs = i;
            h.push(s);
        }
        auto all = h.snapshot();
        QCOMPARE(all.size(), std::size_t(3));
        QCOMPARE(all.front().timeMs, int64_t(3));
        QCOMPARE(all.back().timeMs, int64_t(5));
        QCOMPARE(h.snapshot(5).size(), std::size_t(1));
        QVERIFY(SampleHistory::kDefaultCapacity >= 3600);  // an hour at the default 1 s
    }
    void timelineMarksConsecutivePhases() {
        PhaseTimeline t(1'000'000);
        t.mark("clone", 3'000'000);
        t.mark("exec", 4'500'000);
        QCOMPARE(t.phases().size(), std::size_t(2));
        QCOMPARE(t.phases()[1].startNs, int64_t(3'000'000));
        QCOMPARE(t.totalMs(), 3.5);
        auto j = nlohmann::json::parse(t.toJson());
        QCOMPARE(j["phases"][1]["name"].get<std::string>(), std::string("exec"));
        QCOMPARE(j["phases"][1]["duration_ms"].get<double>(), 1.5);
    }
    void timelineRoundTripsThroughJson() {
        PhaseTimeline t(5'000'000);
        t.mark("clone", 7'000'000);
        t.mark("exec", 9'500'000);
        auto back = PhaseTimeline::fromJson(t.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->phases().size(), std::size_t(2));
        QCOMPARE(back->phases()[1].name, std::string("exec"));
        QCOMPARE(back->totalMs(), 4.5);
        QVERIFY(!PhaseTimeline::fromJson("{not json").ok());
        QVERIFY(!PhaseTimeline::fromJson("{\"origin_ns\": 1}").ok());
    }
    void pathsFollowOverrides() {
        qputenv("JUXTA_DATA_DIR", "/tmp/juxta-test-data");
        QCOMPARE(QString::fromStdString(paths::dataDir().string()), QString("/tmp/juxta-test-data"));
        qunsetenv("JUXTA_DATA_DIR");
        if (geteuid() == 0)
            QCOMPARE(QString::fromStdString(paths::dataDir().string()), QString("/var/lib/juxta"));
        else
            QVERIFY(paths::dataDir().string().find("juxta") != std::string::npos);
    }
    // A user's directories are refused inside one another user owns (a /tmp/juxta-UID made first
    // by someone else), before anything is made there. Runs the user's side in a child as uid 12345.
    void pathsRefuseAnotherUsersDirectory() {
        if (geteuid() != 0) QSKIP("needs root to act as two users; CI runs as root");
        QTemporaryDir tmp;
        const std::string theirs = tmp.path().toStdString() + "/theirs",
                          mine = tmp.path().toStdString() + "/mine";
        QVERIFY(::mkdir(theirs.c_str(), 0777) == 0 && ::chown(theirs.c_str(), 23456, 23456) == 0);
        QVERIFY(::mkdir(mine.c_str(), 0700) == 0 && ::chown(mine.c_str(), 12345, 12345) == 0);
        QVERIFY(::chmod(tmp.path().toUtf8().constData(), 0755) == 0);
        const pid_t child = ::fork();
        if (child == 0) {
            if (::setresgid(12345, 12345, 12345) != 0 || ::setresuid(12345, 12345, 12345) != 0) ::_exit(10);
            auto refused = paths::ensureDir(theirs + "/juxta");
            if (refused.ok() || refused.error().code() != EPERM) ::_exit(11);
            if (refused.error().message().find("another user (uid 23456)") == std::string::npos) ::_exit(12);
            if (::access((theirs + "/juxta").c_str(), F_OK) == 0) ::_exit(13);  // nothing made there
            if (!paths::ensureDir(mine + "/juxta").ok()) ::_exit(14);
            ::_exit(0);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
    }
    // A monitor that never reports (here a launcher whose child holds the report pipe and sleeps)
    // ends the wait with a clear error; one that reports is read as before.
    void aMonitorThatNeverReportsEndsTheWait() {
        QTemporaryDir dir;
        const auto write = [&](const char* name, const char* body) {
            const std::string path = dir.filePath(name).toStdString();
            std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
            ::chmod(path.c_str(), 0755);
            return path;
        };
        const auto silent = write("silent", "(sleep 5) & exit 0");
        auto waited =
            detached::spawnMonitor(silent, "x1", "the monitor of VM x1", std::chrono::milliseconds(300));
        QVERIFY(!waited);
        QCOMPARE(waited.error().code(), ETIMEDOUT);
        QVERIFY2(waited.error().message().find("the monitor of VM x1 did not report within 1 s") !=
                         std::string::npos &&
                     waited.error().message().find("juxtactl logs x1") != std::string::npos,
                 waited.error().message().c_str());
        const auto reporting = write("reporting", "(sleep 0.2; printf 'ok 42' >&3) & exit 0");
        auto ok = detached::spawnMonitor(reporting, "x2", "the monitor of VM x2", std::chrono::seconds(20));
        QVERIFY2(ok, ok ? "" : ok.error().message().c_str());
        QCOMPARE(*ok, std::string("42"));
    }
};

QTEST_GUILESS_MAIN(TestCore)
#include "test_core.moc"
