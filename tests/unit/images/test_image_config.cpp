// The config object of an image, read as hostile input (images/image_config.h): ports, volumes,
// labels and the health check checked and normalised, what is out of bounds refused by name or
// bounded, and written back as read; the health check the monitor runs kept within its bounds
// whatever the image asks (runtime/lifecycle/health.h).
#include <QTest>
#include <nlohmann/json.hpp>

#include "images/image_config.h"
#include "images/import_plan.h"
#include "runtime/lifecycle/health.h"

using namespace juxta;
using nlohmann::json;

namespace {

Result<images::ImageConfig> read(const json& config) {
    const json document = {{"config", config}, {"rootfs", {{"type", "layers"}, {"diff_ids", json::array()}}}};
    auto parsed = images::parseImageConfig(document.dump());
    if (!parsed) return parsed.error();
    return parsed->config;
}

}  // namespace

class TestImageConfig : public QObject {
    Q_OBJECT
  private slots:
    void portsAreNormalised() {
        QCOMPARE(images::normalizeExposedPort("80").value_or(""), std::string("80/tcp"));
        QCOMPARE(images::normalizeExposedPort("53/UDP").value_or(""), std::string("53/udp"));
        for (const char* bad : {"0", "65536", "80/icmp", "80-90/tcp", "", "/tcp", "8o", "-1"})
            QVERIFY2(!images::normalizeExposedPort(bad), bad);
        auto c = read({{"ExposedPorts",
                        {{"80", json::object()}, {"80/tcp", json::object()}, {"9/udp", json::object()}}}});
        QVERIFY(c);
        QCOMPARE(c->exposedPorts, (std::vector<std::string>{"80/tcp", "9/udp"}));
        QCOMPARE(images::exposedTcpPorts(*c), std::vector<uint16_t>{80});
        auto bad = read({{"ExposedPorts", {{"http", json::object()}}}});
        QVERIFY(!bad && bad.error().message().find("ExposedPorts") != std::string::npos);
    }

    void volumesAreCleanAbsolutePaths() {
        auto c = read({{"Volumes", {{"/data/", json::object()}, {"//var//lib", json::object()}}}});
        QVERIFY(c);
        QCOMPARE(c->volumes, (std::vector<std::string>{"/data", "/var/lib"}));
        for (const char* bad : {"/", "data", "/a/../b", "/a/./b", ""}) {
            auto r = read({{"Volumes", {{bad, json::object()}}}});
            QVERIFY2(!r && r.error().message().find("Volumes") != std::string::npos, bad);
        }
        json many = json::object();
        for (int i = 0; i <= int(images::kMaxVolumes); ++i) many["/v" + std::to_string(i)] = json::object();
        QVERIFY(!read({{"Volumes", many}}));
    }

    void labelsAreStrings() {
        auto c = read({{"Labels", {{"b", "2"}, {"a", "1"}}}});
        QVERIFY(c);
        QCOMPARE(c->labels, (std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "2"}}));
        QVERIFY(!read({{"Labels", {{"a", 1}}}}));
        QVERIFY(!read({{"Labels", {{"", "x"}}}}));
    }

    void healthChecksAreCheckedAndBounded() {
        auto c = read({{"Healthcheck",
                        {{"Test", {"CMD-SHELL", "true"}},
                         {"Interval", 9223372036854775807LL},
                         {"Retries", 2147483647}}}});
        QVERIFY(c);
        QCOMPARE(c->healthcheck.intervalMs, images::kMaxHealthDurationMs);  // a day, not an overflow
        const json back = images::imageConfigJson(*c);  // written back in nanoseconds: no overflow either
        QCOMPARE(back["Healthcheck"]["Interval"].get<int64_t>(), images::kMaxHealthDurationMs * 1'000'000);
        auto check = runtime::healthCheckOf(c->healthcheck);
        QVERIFY(check);
        QCOMPARE(check->args, (std::vector<std::string>{"/bin/sh", "-c", "true"}));
        QCOMPARE(check->intervalMs, runtime::kMaxHealthMs);
        QCOMPARE(check->retries, runtime::kMaxHealthRetries);
        // A check every millisecond is run every 200 ms at most; zeros are Docker's defaults.
        auto fast = runtime::healthCheckOf({{"CMD", "/bin/true"}, 1, 1, 0, 0});
        QVERIFY(fast);
        QCOMPARE(fast->intervalMs, runtime::kMinHealthIntervalMs);
        QCOMPARE(fast->timeoutMs, runtime::kMinHealthTimeoutMs);
        auto defaults = runtime::healthCheckOf({{"CMD", "/bin/true"}, 0, 0, 0, 0});
        QVERIFY(defaults && defaults->intervalMs == 30'000 && defaults->timeoutMs == 30'000 &&
                defaults->retries == 3);
        QVERIFY(!runtime::healthCheckOf({{"NONE"}, 0, 0, 0, 0}));
        for (const json& bad :
             {json{{"Test", {"CMD"}}}, json{{"Test", {"CMD-SHELL", "a", "b"}}}, json{{"Test", {"RUN", "x"}}},
              json{{"Test", {"CMD", "x"}}, {"Interval", -1}}, json{{"Test", {"CMD", "x"}}, {"Timeout", 999}},
              json{{"Test", {"CMD", "x"}}, {"Retries", -1}}})
            QVERIFY2(!read({{"Healthcheck", bad}}), bad.dump().c_str());
    }

    // A failing streak saturates; the start period forgives failures until the first pass.
    void healthStateFollowsResults() {
        runtime::HealthCheck check;
        check.retries = 2;
        check.startPeriodMs = 10'000;
        runtime::HealthState s;
        runtime::record(s, check, {0, 0, 1, ""}, 5'000);  // in the start period, never passed
        QCOMPARE(s.status, runtime::Health::Starting);
        QCOMPARE(s.failingStreak, 0);
        runtime::record(s, check, {0, 0, 0, ""}, 6'000);
        QCOMPARE(s.status, runtime::Health::Healthy);
        runtime::record(s, check, {0, 0, 1, ""}, 7'000);
        QCOMPARE(s.status, runtime::Health::Healthy);
        runtime::record(s, check, {0, 0, -1, "timed out"}, 8'000);
        QCOMPARE(s.status, runtime::Health::Unhealthy);
        for (int i = 0; i < 3000; ++i) runtime::record(s, check, {0, 0, 1, ""}, 9'000);
        QCOMPARE(s.failingStreak, runtime::kMaxHealthRetries);
        QCOMPARE(s.log.size(), std::size_t(5));
        auto back = runtime::healthFromJson(runtime::toJson(s));
        QVERIFY(back && back->status == runtime::Health::Unhealthy && back->log.size() == 5);
    }

    // Until the first pass, early probes come between the regular ones; their failures count for
    // nothing (retries still means failures an interval apart), a pass makes the service healthy,
    // and from then on only the regular ones run. A slow probe is not run back to back.
    void earlyProbesFindAServiceHealthySooner() {
        runtime::HealthCheck check;
        check.intervalMs = 2'000;
        check.retries = 2;  // no start period: failures count at once
        runtime::HealthState s;
        runtime::ProbeSchedule schedule(check.intervalMs, check.timeoutMs, 0);
        auto next = schedule.next(s, 0);
        QCOMPARE(next.inMs, runtime::kEarlyProbeGapMs);
        QVERIFY(!next.regular);
        int64_t now = 0;
        int early = 0;
        for (; !(next = schedule.next(s, now)).regular;
             ++early) {  // fast probes (10 ms) until the regular one
            now += next.inMs;
            schedule.ran(false, now, now + 10);
            now += 10;
            runtime::record(s, check, {0, 0, 1, ""}, now, false);
        }
        QVERIFY2(early >= 6, std::to_string(early).c_str());  // every 250 ms in the first 2 s
        QCOMPARE(s.failingStreak, 0);                         // the early failures did not count
        QCOMPARE(s.status, runtime::Health::Starting);
        QCOMPARE(now + next.inMs, int64_t(2'000));  // the regular one at the interval
        now = 2'000;
        schedule.ran(true, now, now + 10);
        now += 10;
        runtime::record(s, check, {0, 0, 1, ""}, now, true);
        QCOMPARE(s.failingStreak, 1);  // a regular failure counts
        // A slow probe (800 ms): the next early one waits twice that — here past the regular one.
        next = schedule.next(s, now);
        QVERIFY(!next.regular);
        schedule.ran(false, now + next.inMs, now + next.inMs + 800);
        now += next.inMs + 800;
        QCOMPARE(now + schedule.next(s, now).inMs, int64_t(2'010 + 2'000));
        QVERIFY(schedule.next(s, now).regular);
        runtime::ProbeSchedule slow(20'000, 30'000, 0);
        slow.ran(false, 250, 1'050);
        QCOMPARE(slow.next(s, 1'050).inMs, int64_t(1'600));
        // Its CPU time counts where known: a probe that waited 3 s on the service but used 100 ms of
        // CPU is followed by the next early one 250 ms later; one that used 900 ms, 1.8 s later.
        slow.ran(false, 2'650, 5'650, 100);
        QCOMPARE(slow.next(s, 5'650).inMs, runtime::kEarlyProbeGapMs);
        slow.ran(false, 5'900, 8'900, 900);
        QCOMPARE(slow.next(s, 8'900).inMs, int64_t(1'800));
        // Passed: healthy, and only regular probes from then on, an interval after the last regular one.
        runtime::record(s, check, {0, 0, 0, ""}, now, false);
        QCOMPARE(s.status, runtime::Health::Healthy);
        next = schedule.next(s, now);
        QVERIFY(next.regular);
        QCOMPARE(now + next.inMs, int64_t(2'010 + 2'000));
        // Two regular failures in a row: unhealthy.
        runtime::record(s, check, {0, 0, 1, ""}, now, true);
        runtime::record(s, check, {0, 0, 1, ""}, now, true);
        QCOMPARE(s.status, runtime::Health::Unhealthy);
        QVERIFY(schedule.next(s, now).regular);  // no early probes for an unhealthy service
    }

    // An early probe may run for a second, not the check's whole timeout; each one stopped so
    // doubles the next one's patience, up to the timeout. Regular probes always get the timeout.
    void earlyProbesHaveAPatienceOfTheirOwn() {
        runtime::HealthCheck check;
        check.intervalMs = 20'000;
        check.timeoutMs = 5'000;
        runtime::HealthState s;
        runtime::ProbeSchedule schedule(check.intervalMs, check.timeoutMs, 0);
        auto next = schedule.next(s, 0);
        QVERIFY(!next.regular);
        QCOMPARE(next.timeoutMs, runtime::kEarlyProbePatienceMs);
        int64_t now = next.inMs;
        std::vector<int64_t> given;
        for (; !(next = schedule.next(s, now)).regular && given.size() < 8;) {
            now += next.inMs;
            given.push_back(next.timeoutMs);
            // Stopped at its patience, having used 100 ms of CPU: the next comes 250 ms later.
            schedule.ran(false, now, now + next.timeoutMs, 100, true);
            now += next.timeoutMs;
            runtime::record(s, check, {0, 0, -1, ""}, now, false);
            if (const auto after = schedule.next(s, now); !after.regular)
                QCOMPARE(after.inMs, runtime::kEarlyProbeGapMs);
        }
        // The sixth starts at 18.5 s, before the regular one is due at 20 s.
        QCOMPARE(given, (std::vector<int64_t>{1'000, 2'000, 4'000, 5'000, 5'000, 5'000}));
        QCOMPARE(s.status, runtime::Health::Starting);  // none of them counted
        QCOMPARE(s.failingStreak, 0);
        QVERIFY(next.regular);
        QCOMPARE(next.timeoutMs, check.timeoutMs);
        // An early probe that ends in time (a failure, not a stop) leaves the patience as it was.
        runtime::ProbeSchedule other(check.intervalMs, check.timeoutMs, 0);
        other.ran(false, 250, 400, 50, false);
        QCOMPARE(other.next(s, 400).timeoutMs, runtime::kEarlyProbePatienceMs);
        // A regular probe stopped at its timeout does not touch it either.
        other.ran(true, 400, 5'400, 50, true);
        QCOMPARE(other.next(s, 5'400).timeoutMs, runtime::kEarlyProbePatienceMs);
        // A check whose timeout is shorter than the patience: early probes get that timeout.
        runtime::ProbeSchedule quick(check.intervalMs, 300, 0);
        QCOMPARE(quick.next(s, 0).timeoutMs, int64_t(300));
        QCOMPARE(
            runtime::timedOutMessage(1'000, true),
            std::string("the health check did not end within 1000 ms (an early probe: it does not count)"));
        QCOMPARE(runtime::timedOutMessage(5'000, false),
                 std::string("the health check did not end within 5000 ms"));
    }

    // What is kept of a config is bounded, so the store's manifest and every definition made from
    // the image read back under the state limit.
    void declarationsAreBounded() {
        json env = json::array();
        for (std::size_t i = 0; i <= images::kMaxListEntries; ++i) env.push_back("K=v");
        auto r = read({{"Env", env}});
        QVERIFY(!r && r.error().message().find("Env") != std::string::npos);
        auto big = read({{"Env", {"K=" + std::string(300 << 10, 'x')}}});
        QVERIFY(!big && big.error().message().find("KiB") != std::string::npos);
        json test = json::array({"CMD"});
        for (std::size_t i = 0; i <= images::kMaxListEntries; ++i) test.push_back("");
        QVERIFY(!read({{"Healthcheck", {{"Test", test}}}}));
    }

    void writtenBackAsRead() {
        const json config = {
            {"Env", {"A=1"}},
            {"Cmd", {"/bin/sh"}},
            {"WorkingDir", "/w"},
            {"User", "1:2"},
            {"StopSignal", "SIGINT"},
            {"ExposedPorts", {{"80/tcp", json::object()}}},
            {"Volumes", {{"/data", json::object()}}},
            {"Labels", {{"k", "v"}}},
            {"Healthcheck", {{"Test", {"CMD", "/bin/true"}}, {"Interval", 2'000'000'000}, {"Retries", 4}}}};
        auto first = read(config);
        QVERIFY(first);
        auto second = read(images::imageConfigJson(*first));
        QVERIFY(second);
        QVERIFY(images::imageConfigJson(*second) == images::imageConfigJson(*first));
        QCOMPARE(second->healthcheck.intervalMs, int64_t(2000));
    }
};

QTEST_GUILESS_MAIN(TestImageConfig)
#include "test_image_config.moc"
