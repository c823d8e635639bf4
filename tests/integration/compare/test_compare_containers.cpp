// The harness on this host: host + container comparisons of startup, cpu and idle, a density
// sweep, cancellation — real containers, every field checked, nothing left behind.
#include <unistd.h>

#include <QProcess>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compare/density.h"
#include "compare/harness.h"
#include "core/paths.h"
#include "support/scratch_state.h"

using namespace juxta;
using namespace juxta::compare;
namespace fs = std::filesystem;

class TestCompareContainers : public QObject {
    Q_OBJECT

    testing::ScratchState state_;

    Comparison run(const std::string& workload, std::map<std::string, std::string> params, int repeats = 2) {
        HarnessOptions o;
        o.manifest.workload = workload;
        o.manifest.parameters = std::move(params);
        o.manifest.variants = {InstanceKind::Host, InstanceKind::Container};
        o.manifest.repeats = repeats;
        o.juxtaVersion = "test";
        auto c = runComparison(o);
        if (!c) qFatal("%s", c.error().message().c_str());
        return *c;
    }

    // Every field a user sees is there and plausible.
    void checkPlausible(const Comparison& c, int repeats) {
        QVERIFY(!c.host.cpuModel.empty());
        QVERIFY(c.host.cores > 0);
        QVERIFY(!c.host.kernel.empty());
        QVERIFY(!c.host.date.empty());
        QVERIFY(!c.cancelled);
        const VariantResult* host = c.variant(InstanceKind::Host);
        const VariantResult* container = c.variant(InstanceKind::Container);
        QVERIFY(host && container);
        for (const VariantResult* v : {host, container}) {
            QVERIFY2(v->status == VariantStatus::Ok, v->reason.c_str());
            QVERIFY(!v->metrics.empty());
            for (const Metric& m : v->metrics) {
                QCOMPARE(m.stat.samples.size(), std::size_t(repeats));
                QVERIFY2(m.stat.median > 0, m.name.c_str());
                QVERIFY(m.stat.min <= m.stat.median && m.stat.median <= m.stat.max);
                QVERIFY(m.ratioToHost && *m.ratioToHost > 0);
            }
            QCOMPARE(v->startup.toWorkloadMs.samples.size(), std::size_t(repeats));
            QVERIFY(v->startup.toWorkloadMs.median > 0);
            QVERIFY(v->startup.cycleMs.median >= v->startup.toWorkloadMs.median);
            QVERIFY(!v->startup.phases.empty());
            for (const PhaseSpan& p : v->startup.phases) QVERIFY2(p.endMs >= p.startMs, p.name.c_str());
            QCOMPARE(v->rawOutput.size(), std::size_t(repeats));
            QVERIFY(!v->hostCpuOutsideMs.empty());
        }
        for (const Metric& m : host->metrics) QCOMPARE(*m.ratioToHost, 1.0);
        QCOMPARE(*host->memory.overheadBytes, 0.0);
        // The container's phases include the runtime's own (clone ... exec).
        const auto& phases = container->startup.phases;
        QVERIFY(
            std::any_of(phases.begin(), phases.end(), [](const PhaseSpan& p) { return p.name == "exec"; }));
        QVERIFY(container->disk.sharedBytes > 0);  // busybox and the workload layer
    }

    void checkMemory(const Comparison& c) {
        const VariantResult* host = c.variant(InstanceKind::Host);
        const VariantResult* container = c.variant(InstanceKind::Container);
        QVERIFY(host->memory.totalBytes.median > 0);
        QVERIFY(container->memory.totalBytes.median > 0);
        QVERIFY(container->memory.overheadBytes.has_value());
        double parts = 0;
        for (const MemoryPart& p : container->memory.parts) parts += p.bytes;
        QVERIFY(std::abs(parts - container->memory.totalBytes.median) < 1);
    }

    // Nothing of ours is left: no container defined or live, no process started with our dirs.
    void checkNothingLeft() {
        for (const fs::path& d : {state_.dataDir() / "containers", state_.runtimeDir() / "containers",
                                  state_.runtimeDir() / "bench"}) {
            std::error_code ec;
            QVERIFY2(fs::is_empty(d, ec) || !fs::exists(d), d.c_str());
        }
        const auto left = state_.processesLeft(5000);
        QVERIFY2(left.empty(), ("left running: " + (left.empty() ? std::string() : left.front())).c_str());
    }

  private slots:
    void initTestCase() {
        if (::geteuid() != 0) QSKIP("needs root: the harness runs real containers");
        state_.makeDirs();
        state_.useHere();
    }

    void startupCpuAndIdleSideBySide() {
        const Comparison startup = run("startup", {});
        checkPlausible(startup, 2);
        QVERIFY(startup.variant(InstanceKind::Container)->metric("to_workload_ms"));
        const Comparison cpu = run("cpu", {{"ops", "2000000"}});
        checkPlausible(cpu, 2);
        checkMemory(cpu);
        QVERIFY(!cpu.series.empty());
        const Comparison idle = run("idle", {{"seconds", "1"}});
        checkPlausible(idle, 2);
        checkMemory(idle);
        // An idle container costs more than the bare process: its cgroup's pages and its monitor.
        QVERIFY(*idle.variant(InstanceKind::Container)->memory.overheadBytes > 0);
        checkNothingLeft();
    }

    void densityOfTwoContainers() {
        QProcess p;
        p.start(JUXTACTL, {"density", "--kind", "container", "--max", "2", "--json"});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const auto j = nlohmann::json::parse(p.readAllStandardOutput().toStdString());
        const auto& sweep = j["density"][0];
        QCOMPARE(sweep["status"], "ok");
        QCOMPARE(sweep["points"].size(), std::size_t(2));
        QCOMPARE(sweep["points"][1]["instances"], 2);
        QVERIFY(sweep["points"][0]["footprint_bytes"].get<double>() > 0);
        QVERIFY(sweep["points"][1]["footprint_bytes"] > sweep["points"][0]["footprint_bytes"]);
        QVERIFY(sweep["points"][1]["start_ms"] > sweep["points"][0]["start_ms"]);
        QVERIFY(sweep["slope_bytes_per_instance"].get<double>() > 0);
        QVERIFY(sweep["projected_fit"].get<int64_t>() > 0);
        checkNothingLeft();
    }

    void cancelStopsTheRunningContainer() {
        HarnessOptions o;
        o.manifest.workload = "idle";
        o.manifest.parameters = {{"seconds", "30"}};
        o.manifest.variants = {InstanceKind::Container};
        o.manifest.repeats = 3;
        const auto start = std::chrono::steady_clock::now();
        Callbacks cb;
        std::vector<std::string> steps;
        cb.progress = [&](const std::string& step, double) { steps.push_back(step); };
        cb.cancelled = [&] { return std::chrono::steady_clock::now() - start > std::chrono::seconds(1); };
        auto c = runComparison(o, cb);
        QVERIFY(c.ok());
        QVERIFY(c->cancelled);
        // The first 30 s repeat was stopped, not sat out: it printed no result.
        QVERIFY(c->variant(InstanceKind::Container)->rawOutput.empty());
        QCOMPARE(steps.back(), std::string("cancelled"));
        checkNothingLeft();
    }
};

QTEST_GUILESS_MAIN(TestCompareContainers)
#include "test_compare_containers.moc"
