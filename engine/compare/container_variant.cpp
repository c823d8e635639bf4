#include "compare/container_variant.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sstream>

#include "compare/child_process.h"
#include "compare/proc_usage.h"
#include "core/paths.h"
#include "core/read_file.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "images/image_sizes.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/request.h"

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;

// The last line of the log that is a JSON object (stdout and stderr share the log).
std::string lastJsonLine(const std::string& log) {
    std::istringstream in(log);
    std::string line, found;
    while (std::getline(in, line))
        if (!line.empty() && line[0] == '{') found = line;
    return found;
}

class ContainerVariant : public Variant {
  public:
    explicit ContainerVariant(ContainerVariantOptions o) : options_(std::move(o)) {}
    InstanceKind kind() const override { return InstanceKind::Container; }

    std::string unavailableReason() const override {
        if (::geteuid() != 0)
            return "containers are compared as root here (a rootless container gets no cgroup to measure) — "
                   "run as root, e.g. sudo juxtactl";
        return "";
    }

    Status prepare() override {
        auto layer = ensureWorkloadLayer(options_.workloadBinary);
        if (!layer) return layer.error();
        layer_ = *layer;
        sharedBytes_ = double(images::layerBytes(layer_));
        return {};
    }

    Result<RunOutcome> run(const RunRequest& request, const RunProbe& probe) override {
        const int64_t requestNs = monotonicNs();
        const double cpu0 = threadCpuMs();
        runtime::ContainerRequest r;
        r.image = options_.image;
        r.command = {request.startup ? "/bin/true" : "/usr/bin/juxta-workload"};
        if (!request.startup) r.command.insert(r.command.end(), request.args.begin(), request.args.end());
        r.limits.memoryBytes = options_.memoryBytes;
        r.limits.cpus = options_.cpus;
        auto resolved = runtime::resolveRequest(r);
        if (!resolved) return resolved.error().wrap("container");
        runtime::ContainerSpec spec = resolved->spec;
        double imageBytes = 0;
        for (const fs::path& l : spec.layers) imageBytes += double(images::layerBytes(l));
        spec.layers.push_back(layer_);
        auto defined = runtime::createInstance(spec, resolved->image);
        if (!defined) return defined.error().wrap("container");
        const int64_t createdNs = monotonicNs();
        Instance instance{spec.id};  // removed on every way out
        if (auto st = instances::start(runtime::containers(), spec.id); !st)
            return st.error().wrap("start container");
        const int64_t startedNs = monotonicNs();
        const double lifecycleCpu = threadCpuMs() - cpu0;

        const runtime::ContainerState state = runtime::loadState(spec.id);
        UniqueFd monitorFd(int(::syscall(SYS_pidfd_open, state.monitorPid, 0)));
        PeakMemory peak;
        double monitorCpu = 0, workloadPss = 0, monitorPss = 0;
        // The workload as the host variant measures it (its PSS): the cgroup may hold less of it, when
        // the pages of its binary were read into the page cache (and charged) by an earlier run.
        auto offer = [&](double cgroup) {
            peak.offer({{"workload", workloadPss},
                        {"page cache and kernel (cgroup)", std::max(0.0, cgroup - workloadPss)},
                        {"runtime (monitor)", monitorPss}});
        };
        bool cancelled = false;
        for (bool gone = !monitorFd; !gone;) {
            if (auto stats = runtime::instanceStats(spec.id); stats) {
                const double cgroup = double(std::max(stats->memoryPeak, stats->memoryCurrent));
                workloadPss = pssBytes(state.pid).value_or(workloadPss);
                monitorPss = pssBytes(state.monitorPid).value_or(monitorPss);
                monitorCpu = cpuMs(state.monitorPid).value_or(monitorCpu);
                offer(cgroup);
                probe.sample(double(stats->cpuUsageNs) / 1e6 + monitorCpu, cgroup + monitorPss);
            }
            if (!cancelled && probe.cancelled()) {
                cancelled = true;
                (void)runtime::killInstance(spec.id, SIGKILL);
            }
            pollfd p{monitorFd.get(), POLLIN, 0};
            gone = ::poll(&p, 1, RunProbe::kIntervalMs) > 0;
        }
        const int64_t exitedNs = monotonicNs();
        if (cancelled) return Error(ECANCELED, "cancelled");
        const runtime::ContainerState done = runtime::loadState(spec.id);
        // A workload quicker than the sampling interval ends before the first sample: the peak
        // its monitor read from the cgroup as it ended still counts.
        if (done.finalStats) offer(double(done.finalStats->memoryPeak));
        const std::string log = outputText(runtime::logFileOf(spec.id));
        RunOutcome o;
        o.disk = {double(images::layerBytes(spec.upperDir)), imageBytes + sharedBytes_,
                  "writable layer (unique); image layers and the workload layer (shared)"};
        const double cpu1 = threadCpuMs();
        if (auto st = instance.remove(); !st) return st.error();
        const int64_t removedNs = monotonicNs();
        if (!done.exit || done.exit->shellCode() != 0)
            return Error(
                EIO, "the container " +
                         (done.exit ? done.exit->describe() : std::string("did not record an exit")) + ": " +
                         lastLine(log));

        o.line = request.startup ? "" : lastJsonLine(log);
        o.phases = {{"create", 0, msBetween(requestNs, createdNs)}};
        double execMs = msBetween(requestNs, startedNs);
        if (auto t = PhaseTimeline::fromJson(done.timelineJson); t) {
            const double shift = msBetween(requestNs, t->originNs());
            for (const Phase& p : t->phases()) {
                o.phases.push_back({p.name, shift + double(p.startNs - t->originNs()) / 1e6,
                                    shift + double(p.endNs - t->originNs()) / 1e6});
                if (p.name == "exec") execMs = o.phases.back().endMs;
            }
        }
        o.toWorkloadMs = execMs;
        o.phases.push_back({"workload", execMs, msBetween(requestNs, exitedNs)});
        o.phases.push_back({"remove", msBetween(requestNs, exitedNs), msBetween(requestNs, removedNs)});
        o.cycleMs = msBetween(requestNs, removedNs);
        o.memoryBytes = peak.total;
        o.parts = peak.parts;
        // The workload is the cgroup's only process; besides it the container costs its monitor
        // and the lifecycle calls made here.
        o.outsideCpuMs = monitorCpu + lifecycleCpu + (threadCpuMs() - cpu1);
        return o;
    }

  private:
    // Removes the container (force: killed first if it still runs) when it goes out of scope.
    struct Instance {
        std::string id;
        bool removed = false;
        Status remove() {
            removed = true;
            return instances::remove(runtime::containers(), id, true);
        }
        ~Instance() {
            if (!removed) (void)instances::remove(runtime::containers(), id, true);
        }
    };

    ContainerVariantOptions options_;
    fs::path layer_;
    double sharedBytes_ = 0;
};

}  // namespace

Result<fs::path> ensureWorkloadLayer(const fs::path& workloadBinary) {
    auto base = paths::ensureDir(paths::dataDir() / "bench");
    if (!base) return base.error().wrap("workload layer");
    const fs::path layer = *base / "workload-layer";
    const fs::path target = layer / "usr/bin/juxta-workload";
    std::error_code ec;
    if (!fs::is_regular_file(workloadBinary, ec))
        return Error(ENOENT, "juxta-workload not found at " + workloadBinary.string() +
                                 " — build the juxta-workload target or set JUXTA_WORKLOAD");
    const auto same = [&] {
        const ReadLimits program{.maxBytes = std::size_t(1) << 30};
        auto a = readFile(target, program), b = readFile(workloadBinary, program);
        return a && b && *a == *b;
    };
    if (fs::exists(target, ec) && fs::file_size(target, ec) == fs::file_size(workloadBinary, ec) && same())
        return layer;
    fs::create_directories(target.parent_path(), ec);
    const fs::path temp = target.string() + ".new";
    fs::copy_file(workloadBinary, temp, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::permissions(temp, fs::perms(0755), ec);
    if (!ec) fs::rename(temp, target, ec);  // a container already running keeps the old inode
    if (ec) return Error(ec.value(), "workload layer: copy to " + target.string() + ": " + ec.message());
    return layer;
}

std::unique_ptr<Variant> makeContainerVariant(const ContainerVariantOptions& options) {
    return std::make_unique<ContainerVariant>(options);
}

}  // namespace juxta::compare
