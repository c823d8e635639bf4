#pragma once
// Scenarios: several services started together as instances of one kind, then one of them made to
// misbehave — the migration question of an architecture review, measured on this machine.
//
// "stack": a web app, a database, a cache and a worker (juxta-workload service --role ...), as four
// containers (each under a memory limit, 64 MiB unless --memory says otherwise) and as four VMs.
// Measured per kind: the time until all four said they were ready, the host memory of each
// instance and of the four together while they serve, and isolation: the cache starts to exhaust
// its memory kHogAfterSeconds after it is ready; was it OOM-killed (container: its cgroup's limit;
// VM: the guest kernel), and how did the other three's ops/s compare before and after — did they
// serve their whole time? Every service serves kServeSeconds (VMs: kVmServeSeconds, as their
// boots spread out more) and exits on its own (a VM passes its workload's output on only then).
// Each counts its time from its own readiness, so the first to start must outlast the last one's
// start, its 5 s, the hog's few seconds and a few reports after it: on a loaded machine the four
// containers' starts spread over 12 s (measured in the nested testbed, 2026-12-03), where 25 s
// left the web service no report after the hog's end. A VM's hog can take far longer to be killed:
// in the testbed's one-vCPU L1 the cache VM's guest took 68 s to run out of memory (every page it
// touched a fault through the emulated SVM), and the other three, ready at 19.5 s, ended at 80 s,
// before it (2026-12-04): VMs serve 90 s.
// Containers start one after another (each start returns within milliseconds); the four VMs are
// launched together and boot side by side, as a stack would be brought up.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "compare/harness.h"

namespace juxta::compare {

constexpr int kServeSeconds = 40;
constexpr int kVmServeSeconds = 90;
constexpr int kHogAfterSeconds = 5;
constexpr int kScenarioContainerMemoryMib = 64;

// True for the catalogue's scenarios ("stack").
bool isScenario(std::string_view workload);

// Runs options.manifest.workload (a scenario) for each of its variants (container, vm; a host
// variant is refused by validate()). A kind that cannot run here says why in its ScenarioRun.
Result<Comparison> runScenario(const HarnessOptions& options, const Callbacks& callbacks = {});

// A scenario's runs, one after another into c.scenario (`run(i)` for i < count): one that returns an
// error (a cancel) ends them with c cancelled; then c's duration from originNs, and the last progress.
void collectRuns(Comparison& c, std::size_t count, const std::function<Result<ScenarioRun>(std::size_t)>& run,
                 int64_t originNs, const Callbacks& callbacks);

}  // namespace juxta::compare
