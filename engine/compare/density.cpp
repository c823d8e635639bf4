#include "compare/density.h"

#include <unistd.h>

#include <thread>

#include "compare/container_variant.h"
#include "compare/host_info.h"
#include "compare/proc_usage.h"
#include "compare/running_instance.h"
#include "compare/stats.h"
#include "core/timeline.h"

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;
const std::vector<std::string> kIdle = {"idle", "--seconds", "86400"};

double usedBytes() {
    auto m = hostMemory();
    return m ? m->totalBytes - m->availableBytes : 0;
}

}  // namespace

Result<Comparison> runDensity(const DensityOptions& o, const Callbacks& cb) {
    if (o.kind == InstanceKind::Host) return Error(EINVAL, "density: the kind is container or vm");
    if (o.maxInstances < 1 || o.maxInstances > 256)
        return Error(EINVAL, "density: --max " + std::to_string(o.maxInstances) + ": expected 1 to 256");
    const int64_t originNs = monotonicNs();
    auto cancelled = [&] { return cb.cancelled && cb.cancelled(); };
    Comparison c;
    c.id = newComparisonId("density-" + toString(o.kind));
    c.manifest.workload = "idle";
    c.manifest.variants = {o.kind};
    c.manifest.repeats = 1;
    c.manifest.vmMemoryMib = o.vmMemoryMib;
    c.manifest.vmVcpus = o.vmVcpus;
    c.host = describeHost(probeHost(), o.juxtaVersion);
    DensitySweep sweep;
    sweep.kind = o.kind;

    std::function<Result<std::unique_ptr<RunningInstance>>(int)> startOne;
    fs::path layer;
    VmSetup vm;
    if (o.kind == InstanceKind::Container) {
        if (::geteuid() != 0)
            sweep.status = VariantStatus::Unavailable, sweep.reason = "containers need root here";
        auto l = ensureWorkloadLayer(o.workloadBinary.empty() ? locateWorkload() : o.workloadBinary);
        if (!l && sweep.reason.empty())
            sweep.status = VariantStatus::Failed, sweep.reason = l.error().message();
        if (l) layer = *l;
        startOne = [&](int) { return startContainer(layer, kIdle); };
    } else {
        vm = o.vm ? *o.vm : defaultVmSetup();
        if (!vm.unavailableReason.empty())
            sweep.status = VariantStatus::Unavailable, sweep.reason = vm.unavailableReason;
        startOne = [&](int index) {
            return startVm(vm, o.vmMemoryMib, o.vmVcpus, "density-" + std::to_string(index), kIdle,
                           cancelled);
        };
    }

    if (sweep.status == VariantStatus::Ok) {
        const auto before = hostMemory();
        sweep.hostAvailableBytes = before ? before->availableBytes : 0;
        const double usedBefore = usedBytes();
        std::vector<std::unique_ptr<RunningInstance>> running;
        double startMs = 0;
        std::vector<double> xs, ys;
        std::vector<int> steps;  // 1, 2, 4, ... and the limit itself
        for (int n = 1; n < o.maxInstances; n *= 2) steps.push_back(n);
        steps.push_back(o.maxInstances);
        for (int n : steps) {
            while (int(running.size()) < n) {
                if (cancelled()) {
                    c.cancelled = true;
                    break;
                }
                if (cb.progress)
                    cb.progress("density: " + toString(o.kind) + " " + std::to_string(running.size() + 1) +
                                    " of " + std::to_string(o.maxInstances),
                                double(running.size()) / o.maxInstances);
                const int64_t t0 = monotonicNs();
                auto i = startOne(int(running.size()));
                if (!i) {
                    if (i.error().code() == ECANCELED)
                        c.cancelled = true;
                    else
                        sweep.status = VariantStatus::Failed, sweep.reason = i.error().message();
                    break;
                }
                startMs += double(monotonicNs() - t0) / 1e6;
                running.push_back(std::move(*i));
            }
            if (int(running.size()) < n) break;                           // cancelled or failed
            std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the last one settle
            double footprint = 0;
            for (const auto& i : running) footprint += i->footprintBytes();
            sweep.points.push_back({n, usedBytes() - usedBefore, startMs, footprint});
            xs.push_back(n), ys.push_back(footprint);
            c.series.push_back({double(monotonicNs() - originNs) / 1e6, o.kind, n, 0, footprint});
        }
        if (cb.progress) cb.progress("density: stopping " + std::to_string(running.size()) + " instances", 1);
        running.clear();
        if (auto line = fitLine(xs, ys)) {
            sweep.slopeBytesPerInstance = line->slope;
            sweep.interceptBytes = line->intercept;
            if (line->slope > 0) sweep.projectedFit = int64_t(sweep.hostAvailableBytes / line->slope);
        } else if (xs.size() == 1 && ys[0] > 0) {
            sweep.slopeBytesPerInstance = ys[0];
            sweep.projectedFit = int64_t(sweep.hostAvailableBytes / ys[0]);
        }
    }
    c.density.push_back(sweep);
    c.durationMs = double(monotonicNs() - originNs) / 1e6;
    if (cb.progress) cb.progress("done", 1);
    return c;
}

}  // namespace juxta::compare
