#include "bench/compare/density.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "bench/compare/container_variant.h"
#include "bench/compare/host_info.h"
#include "bench/compare/proc_usage.h"
#include "bench/compare/stats.h"
#include "core/paths.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/request.h"

extern "C" char** environ;

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;
const std::vector<std::string> kIdle = {"idle", "--seconds", "86400"};

// One running idle instance of either kind: started, measured, stopped.
class Instance {
  public:
    virtual ~Instance() = default;
    virtual double footprintBytes() const = 0;
};

class ContainerInstance : public Instance {
  public:
    static Result<std::unique_ptr<ContainerInstance>> start(const fs::path& layer) {
        runtime::ContainerRequest r;
        r.image = "busybox";
        r.command = {"/usr/bin/juxta-workload"};
        r.command.insert(r.command.end(), kIdle.begin(), kIdle.end());
        auto resolved = runtime::resolveRequest(r);
        if (!resolved) return resolved.error();
        resolved->spec.layers.push_back(layer);
        auto d = runtime::createInstance(resolved->spec, resolved->image);
        if (!d) return d.error();
        auto self = std::unique_ptr<ContainerInstance>(new ContainerInstance(resolved->spec.id));
        if (auto st = runtime::startInstance(self->id_); !st) return st.error();
        return self;
    }
    ~ContainerInstance() override { (void)runtime::removeInstance(id_, true); }
    double footprintBytes() const override {
        auto stats = runtime::instanceStats(id_);
        const auto state = runtime::loadState(id_);
        return (stats ? double(stats->memoryCurrent) : 0) + pssBytes(state.monitorPid).value_or(0);
    }

  private:
    explicit ContainerInstance(std::string id) : id_(std::move(id)) {}
    std::string id_;
};

// Sends one request line on the VMM's control socket and returns the reply line.
std::optional<nlohmann::json> ask(const fs::path& socket, const std::string& request) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket.c_str());
    if (!fd || ::connect(fd.get(), (sockaddr*)&addr, sizeof addr) != 0) return std::nullopt;
    const std::string line = request + "\n";
    if (::write(fd.get(), line.data(), line.size()) != ssize_t(line.size())) return std::nullopt;
    std::string reply;
    char c;
    while (::read(fd.get(), &c, 1) == 1 && c != '\n') reply += c;
    try {
        return nlohmann::json::parse(reply);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

class VmInstance : public Instance {
  public:
    static Result<std::unique_ptr<VmInstance>> start(const VmSetup& vm, int memoryMib, int vcpus, int index,
                                                     const std::function<bool()>& cancelled) {
        auto dir = paths::ensureDir(paths::runtimeDir() / "bench" /
                                    ("density-" + std::to_string(::getpid()) + "-" + std::to_string(index)));
        if (!dir) return dir.error();
        auto self = std::unique_ptr<VmInstance>(new VmInstance(*dir));
        std::vector<std::string> args = {vm.vmm.string(),
                                         "--kernel",
                                         vm.kernel.string(),
                                         "--initrd",
                                         vm.initrd.string(),
                                         "--cmdline",
                                         vm.cmdline,
                                         "--memory",
                                         std::to_string(memoryMib),
                                         "--vcpus",
                                         std::to_string(vcpus),
                                         "--api",
                                         (*dir / "api.sock").string(),
                                         "--exec",
                                         "--",
                                         "/usr/bin/juxta-workload"};
        args.insert(args.end(), kIdle.begin(), kIdle.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        for (int fd : {0, 1, 2}) posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0);
        const int rc = ::posix_spawn(&self->pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) return Error::fromErrno("run " + args[0], rc);
        // Up when the VMM's timeline has workload_start (the agent ran the idle workload).
        for (int64_t deadline = monotonicNs() + 300'000'000'000; monotonicNs() < deadline;) {
            if (cancelled()) return Error(ECANCELED, "cancelled");
            if (::waitpid(self->pid_, nullptr, WNOHANG) == self->pid_) {
                self->pid_ = 0;
                return Error(EIO, "juxta-vmm ended before its workload started");
            }
            if (auto t = ask(*dir / "api.sock", R"({"cmd":"timings"})"))
                for (const auto& p :
                     t->value("timings", nlohmann::json::object()).value("phases", nlohmann::json::array()))
                    if (p.value("name", "") == "workload_start") return self;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return Error(ETIMEDOUT, "the VM's workload did not start within 300 s");
    }
    ~VmInstance() override {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    double footprintBytes() const override { return pssBytes(pid_).value_or(0); }

  private:
    explicit VmInstance(fs::path dir) : dir_(std::move(dir)) {}
    fs::path dir_;
    pid_t pid_ = 0;
};

double usedBytes() {
    auto m = hostMemory();
    return m ? m->totalBytes - m->availableBytes : 0;
}

}  // namespace

Result<Comparison> runDensity(const DensityOptions& o, const Callbacks& cb) {
    if (o.kind == VariantKind::Host) return Error(EINVAL, "density: the kind is container or vm");
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

    std::function<Result<std::unique_ptr<Instance>>(int)> startOne;
    fs::path layer;
    VmSetup vm;
    if (o.kind == VariantKind::Container) {
        if (::geteuid() != 0)
            sweep.status = VariantStatus::Unavailable, sweep.reason = "containers need root here";
        auto l = ensureWorkloadLayer(o.workloadBinary.empty() ? locateWorkload() : o.workloadBinary);
        if (!l && sweep.reason.empty())
            sweep.status = VariantStatus::Failed, sweep.reason = l.error().message();
        if (l) layer = *l;
        startOne = [&](int) -> Result<std::unique_ptr<Instance>> {
            auto i = ContainerInstance::start(layer);
            if (!i) return i.error();
            return std::unique_ptr<Instance>(std::move(*i));
        };
    } else {
        vm = o.vm ? *o.vm : defaultVmSetup();
        if (!vm.unavailableReason.empty())
            sweep.status = VariantStatus::Unavailable, sweep.reason = vm.unavailableReason;
        startOne = [&](int index) -> Result<std::unique_ptr<Instance>> {
            auto i = VmInstance::start(vm, o.vmMemoryMib, o.vmVcpus, index, cancelled);
            if (!i) return i.error();
            return std::unique_ptr<Instance>(std::move(*i));
        };
    }

    if (sweep.status == VariantStatus::Ok) {
        const auto before = hostMemory();
        sweep.hostAvailableBytes = before ? before->availableBytes : 0;
        const double usedBefore = usedBytes();
        std::vector<std::unique_ptr<Instance>> running;
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
