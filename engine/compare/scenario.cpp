#include "compare/scenario.h"

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "bench/workloads/catalogue.h"
#include "compare/child_process.h"
#include "compare/compose_scenario.h"
#include "compare/container_variant.h"
#include "compare/host_info.h"
#include "compare/running_instance.h"
#include "core/timeline.h"

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The hog last: the other three serve by the time it starts to take memory.
constexpr const char* kServices[] = {"web", "db", "worker", "cache"};
constexpr const char* kHog = "cache";

struct Service {
    std::string name;
    std::unique_ptr<RunningInstance> instance;
    std::optional<InstanceEnd> end;
    double endMs = 0;  // when this harness saw it end
    double peakBytes = 0;
};

std::vector<std::string> serviceArgs(const std::string& name, int seconds) {
    std::vector<std::string> args = {"service", "--role", name, "--seconds", std::to_string(seconds)};
    if (name == kHog) args.insert(args.end(), {"--hog-after", std::to_string(kHogAfterSeconds)});
    return args;
}

double mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return sum / double(v.size());
}

// What a service printed, into its result: ready, its per-second reports, the hog's start.
Status readOutput(const Service& s, int64_t originNs, ServiceResult& out, ScenarioRun& run) {
    // Its ready moment on the harness's clock: when the workload was exec'd plus what it took.
    if (!s.instance->workloadStartNs())
        return Error(EPROTO, s.name + ": the start of its workload was not recorded (no exec phase)");
    const double startMs = msBetween(originNs, s.instance->workloadStartNs());
    bool ready = false;
    std::istringstream lines(s.instance->output());
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] != '{') continue;
        json j;
        try {
            j = json::parse(line);
        } catch (const std::exception&) {
            continue;
        }
        if (j.value("ready", false)) {
            ready = true;
            out.readyMs = startMs + j.value("ready_ms", 0.0);
        } else if (j.contains("t_s") && ready) {
            out.opsPerS.emplace_back(out.readyMs + j.value("t_s", 0.0) * 1000, j.value("ops_per_s", 0.0));
        } else if (j.value("hog", false)) {
            run.hogStartMs = out.readyMs + j.value("after_ready_ms", 0.0);
        } else if (j.value("workload", "") == "service") {
            out.completed = s.end && s.end->shellCode == 0;
        }
    }
    if (!ready)
        return Error(EPROTO,
                     s.name + " never said it was ready" +
                         (s.end ? " (" + s.end->description + "): " + lastLine(s.instance->output()) : ""));
    return {};
}

class StackRun {
  public:
    StackRun(const HarnessOptions& o, const Callbacks& cb, InstanceKind kind, const fs::path& workload)
        : o_(o), cb_(cb), workload_(workload) {
        run_.kind = kind;
    }
    bool cancelled() const { return cb_.cancelled && cb_.cancelled(); }

    // ECANCELED when cancelled; the instances are stopped and removed either way.
    Result<ScenarioRun> run(const VmSetup& vm) {
        if (std::string why = unavailable(vm); !why.empty()) {
            run_.status = VariantStatus::Unavailable;
            run_.reason = why;
            return run_;
        }
        if (run_.kind == InstanceKind::Container) {
            auto layer = ensureWorkloadLayer(workload_);
            if (!layer) return failed(layer.error().message());
            layer_ = *layer;
        }
        originNs_ = monotonicNs();
        for (const char* name : kServices) {
            progress("stack: starting the " + std::string(name) + " " + toString(run_.kind), 0.05);
            auto instance = start(name, vm);
            if (!instance) {
                if (instance.error().code() == ECANCELED) return instance.error();
                return failed(std::string(name) + ": " + instance.error().message());
            }
            services_.push_back({name, std::move(*instance), std::nullopt, 0, 0});
        }
        for (Service& s : services_) {  // the VMs boot together
            progress("stack: waiting for the " + s.name + " " + toString(run_.kind), 0.1);
            if (auto st = s.instance->waitStarted([this] { return cancelled(); }); !st) {
                if (st.error().code() == ECANCELED) return st.error();
                return failed(s.name + ": " + st.error().message());
            }
        }
        if (auto st = watch(); !st) return st.error();
        return summarize();
    }

  private:
    std::string unavailable(const VmSetup& vm) const {
        if (run_.kind == InstanceKind::Container && ::geteuid() != 0)
            return "the stack's containers need root (each runs under a memory limit, and a rootless "
                   "container gets no cgroup here) — run as root, e.g. sudo juxtactl";
        return run_.kind == InstanceKind::Vm ? vm.unavailableReason : "";
    }
    ScenarioRun failed(const std::string& why) {
        run_.status = VariantStatus::Failed;
        run_.reason = why;
        return run_;
    }
    void progress(const std::string& step, double fraction) const {
        if (cb_.progress) cb_.progress(step, fraction);
    }
    double nowMs() const { return msBetween(originNs_, monotonicNs()); }
    int serveSeconds() const { return run_.kind == InstanceKind::Vm ? kVmServeSeconds : kServeSeconds; }

    Result<std::unique_ptr<RunningInstance>> start(const std::string& name, const VmSetup& vm) {
        if (run_.kind == InstanceKind::Container)
            return startContainer(layer_, serviceArgs(name, serveSeconds()), o_.manifest.containerMemoryBytes,
                                  o_.manifest.containerCpus);
        return startVm(
            vm, o_.manifest.vmMemoryMib, o_.manifest.vmVcpus, "stack-" + name,
            serviceArgs(name, serveSeconds()), [this] { return cancelled(); }, false);
    }

    // Samples their memory until the hog may start, then waits for every service to end.
    Status watch() {
        const Service& hog = services_.back();
        const int64_t hogExecNs =
            hog.instance->workloadStartNs() ? hog.instance->workloadStartNs() : monotonicNs();
        const int64_t hogMayStartNs = hogExecNs + int64_t(kHogAfterSeconds) * 1'000'000'000;
        const int64_t deadlineNs = monotonicNs() + int64_t(kVmServeSeconds + 120) * 1'000'000'000;
        // At least one sample each: on a loaded host the VMs boot spread out, and the hog's workload
        // may have started more than kHogAfterSeconds before the last VM was waited for (an empty
        // window left all four VMs at 0 B; then the hog's figure includes what it took meanwhile).
        for (bool first = true;; first = false) {
            if (cancelled()) return Error(ECANCELED, "cancelled");
            const int64_t now = monotonicNs();
            if (now < hogMayStartNs || first) {
                double sum = 0;
                for (Service& s : services_) {
                    const double bytes = s.instance->footprintBytes();
                    s.peakBytes = std::max(s.peakBytes, bytes);
                    sum += bytes;
                }
                run_.totalMemoryBytes = std::max(run_.totalMemoryBytes, sum);
            }
            int running = 0;
            for (Service& s : services_)
                if (!s.end && !(s.end = s.instance->ended()))
                    ++running;
                else if (s.endMs == 0)
                    s.endMs = nowMs();
            if (running == 0 || now > deadlineNs) break;
            progress("stack: " + std::to_string(running) + " " + toString(run_.kind) + "s serving",
                     std::min(0.95, nowMs() / ((serveSeconds() + 2) * 1000.0)));
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return {};
    }

    Result<ScenarioRun> summarize() {
        for (const Service& s : services_) {
            ServiceResult r;
            r.name = s.name;
            r.hog = s.name == kHog;
            r.memoryBytes = s.peakBytes;
            r.oomKilled = s.end && s.end->oomKilled;
            r.end = s.end ? s.end->description : "still serving at the deadline; stopped";
            if (auto st = readOutput(s, originNs_, r, run_); !st) return failed(st.error().message());
            if (r.hog && s.end) run_.hogEndMs = s.endMs;
            run_.allReadyMs = std::max(run_.allReadyMs, r.readyMs);
            run_.services.push_back(std::move(r));
        }
        // Ops/s before: from all-ready to the hog's start; after: from a second past its end.
        for (ServiceResult& r : run_.services) {
            std::vector<double> before, after;
            for (const auto& [t, v] : r.opsPerS) {
                if (t > run_.allReadyMs && (!run_.hogStartMs || t <= *run_.hogStartMs)) before.push_back(v);
                if (run_.hogEndMs && t > *run_.hogEndMs + 1000) after.push_back(v);
            }
            if (!before.empty()) r.opsPerSBefore = mean(before);
            if (!after.empty() && !r.hog) r.opsPerSAfter = mean(after);
        }
        return run_;
    }

    const HarnessOptions& o_;
    const Callbacks& cb_;
    fs::path workload_, layer_;
    ScenarioRun run_;
    int64_t originNs_ = 0;
    std::vector<Service> services_;
};

}  // namespace

bool isScenario(std::string_view workload) {
    const workloads::Workload* w = workloads::findWorkload(workload);
    return w && w->use == workloads::Use::Scenario;
}

Result<Comparison> runScenario(const HarnessOptions& options, const Callbacks& cb) {
    if (options.manifest.workload == "compose") return runComposeScenario(options, cb);
    if (auto st = validate(options.manifest); !st) return st.error();
    if (!isScenario(options.manifest.workload))
        return Error(EINVAL, "'" + options.manifest.workload + "' is not a scenario — use stack or compose");
    const int64_t originNs = monotonicNs();
    HarnessOptions o = options;
    if (!o.manifest.containerMemoryBytes)
        o.manifest.containerMemoryBytes = int64_t(kScenarioContainerMemoryMib) << 20;
    o.manifest.repeats = 1;  // a scenario runs once
    Comparison c;
    c.id = newComparisonId(o.manifest.workload);
    c.manifest = o.manifest;
    c.host = describeHost(probeHost(), o.juxtaVersion);
    const fs::path workload = o.workloadBinary.empty() ? locateWorkload() : o.workloadBinary;
    collectRuns(
        c, o.manifest.variants.size(),
        [&](std::size_t i) {
            const InstanceKind kind = o.manifest.variants[i];
            const VmSetup vm = kind == InstanceKind::Vm ? (o.vm ? *o.vm : defaultVmSetup()) : VmSetup{};
            return StackRun(o, cb, kind, workload).run(vm);
        },
        originNs, cb);
    return c;
}

void collectRuns(Comparison& c, std::size_t count, const std::function<Result<ScenarioRun>(std::size_t)>& run,
                 int64_t originNs, const Callbacks& cb) {
    for (std::size_t i = 0; i < count; ++i) {
        auto r = run(i);
        if (!r) {
            c.cancelled = true;
            break;
        }
        c.scenario.push_back(std::move(*r));
    }
    c.durationMs = msBetween(originNs, monotonicNs());
    if (cb.progress) cb.progress(c.cancelled ? "cancelled" : "done", 1);
}

}  // namespace juxta::compare
