#pragma once
// A comparison shaped like the harness's (host, container, a VM the host could not run, recorded
// series, a density sweep) for the view and export tests that must run without root. Its numbers
// are test data, not measurements: the real-run test (test_compare_window) covers the harness.
#include "compare/result.h"
#include "compare/stats.h"

namespace juxta::test {

inline compare::Comparison sampleComparison(const std::string& id = "fixture-1") {
    using namespace compare;
    Comparison c;
    c.id = id;
    c.host = {"testhost", "Test CPU", 2,     8.0 * (1 << 30),        "6.1.0",
              "pvm",      "v1",       "0.1", "2026-11-26T09:00:00Z", 0.5};
    c.manifest.workload = "cpu";
    c.manifest.variants = {InstanceKind::Host, InstanceKind::Container, InstanceKind::Vm};
    c.manifest.repeats = 3;
    c.durationMs = 6000;

    VariantResult host;
    host.kind = InstanceKind::Host;
    host.metrics.push_back({"ops_per_s", "ops/s", true, summarize({3.1e6, 3.2e6, 3.3e6}), 1.0});
    host.startup.toWorkloadMs = summarize({1.0, 1.1, 1.2});
    host.startup.phases = {{"spawn", 0, 1.1}};
    host.memory.totalBytes = summarize({2e6, 2.1e6, 2.2e6});
    host.memory.parts = {{"workload", 2.1e6}};
    host.memory.overheadBytes = 0;

    VariantResult container;
    container.kind = InstanceKind::Container;
    container.metrics.push_back({"ops_per_s", "ops/s", true, summarize({3.0e6, 3.1e6, 3.15e6}), 3.1 / 3.2});
    container.startup.toWorkloadMs = summarize({9, 10, 12});
    container.startup.phases = {{"clone", 0, 3}, {"pivot_root", 3, 7}, {"exec", 7, 10}};
    container.memory.totalBytes = summarize({5e6, 5.5e6, 6e6});
    container.memory.parts = {{"workload", 2.1e6}, {"runtime", 3.4e6}};
    container.memory.overheadBytes = 3.4e6;
    container.disk = {4096, 1.5e6, "upper dir; busybox layer"};
    container.hostCpuOutsideMs = summarize({2, 3, 4});

    VariantResult vm;
    vm.kind = InstanceKind::Vm;
    vm.status = VariantStatus::Unavailable;
    vm.reason = "PVM host: a stock Linux guest cannot boot here";
    c.variants = {host, container, vm};

    for (int repeat = 0; repeat < 3; ++repeat)
        for (int i = 0; i < 10; ++i) {
            c.series.push_back({repeat * 1000.0 + i * 50, InstanceKind::Host, repeat, 95.0, 2e6});
            c.series.push_back({3000 + repeat * 1000.0 + i * 50, InstanceKind::Container, repeat, 90.0, 5e6});
        }
    DensitySweep sweep;
    sweep.kind = InstanceKind::Container;
    sweep.points = {{1, 3e6, 12, 2.9e6}, {2, 6.1e6, 25, 6e6}, {4, 12e6, 49, 12.1e6}};
    sweep.slopeBytesPerInstance = 3e6;
    sweep.interceptBytes = 0.05e6;
    sweep.hostAvailableBytes = 6e9;
    sweep.projectedFit = 2000;
    DensitySweep vms;
    vms.kind = InstanceKind::Vm;
    vms.status = VariantStatus::Unavailable;
    vms.reason = "PVM host";
    c.density = {sweep, vms};
    return c;
}

// The stack scenario shaped like the harness's: four containers (the cache the hog, OOM-killed),
// the VMs unavailable. Test data, not measurements: test_compare_scenario runs the real thing.
inline compare::Comparison sampleScenario() {
    using namespace compare;
    Comparison c;
    c.id = "fixture-stack";
    c.host = sampleComparison().host;
    c.manifest.workload = "stack";
    c.manifest.variants = {InstanceKind::Container, InstanceKind::Vm};
    c.manifest.repeats = 1;
    c.manifest.containerMemoryBytes = 64ll << 20;
    c.durationMs = 27000;
    ScenarioRun run;
    run.allReadyMs = 420;
    run.hogStartMs = 5400;
    run.hogEndMs = 5900;
    const std::vector<std::pair<std::string, double>> services = {
        {"web", 9000}, {"db", 700}, {"worker", 1200}, {"cache", 2e6}};
    for (const auto& [name, ops] : services) {
        ServiceResult s;
        s.name = name;
        s.readyMs = name == "cache" ? 420 : 150;
        s.memoryBytes = name == "cache" ? 20e6 : 4e6;
        s.hog = name == "cache";
        s.oomKilled = s.hog;
        s.completed = !s.hog;
        s.end = s.hog ? "OOM-killed (memory limit)" : "exited 0";
        s.opsPerSBefore = ops;
        if (!s.hog) s.opsPerSAfter = ops * 0.98;
        for (int t = 1; t <= (s.hog ? 5 : 25); ++t)
            s.opsPerS.emplace_back(s.readyMs + t * 1000, ops * (t > 6 ? 0.98 : 1));
        run.services.push_back(s);
        run.totalMemoryBytes += s.memoryBytes;
    }
    ScenarioRun vms;
    vms.kind = InstanceKind::Vm;
    vms.status = VariantStatus::Unavailable;
    vms.reason = "PVM host: a stock Linux guest cannot boot here";
    c.scenario = {run, vms};
    return c;
}

}  // namespace juxta::test
