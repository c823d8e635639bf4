#include "compare/compose_scenario.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench/workloads/catalogue.h"
#include "compare/child_process.h"
#include "compare/host_info.h"
#include "compare/http_load.h"
#include "compare/proc_usage.h"
#include "compare/scenario.h"
#include "compare/variant.h"
#include "compose/parse.h"
#include "compose/stack.h"
#include "core/labels.h"
#include "core/paths.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "images/image_sizes.h"
#include "images/image_store.h"
#include "instances/detached.h"
#include "instances/lifecycle.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/state.h"
#include "vmm/lifecycle/image_disk.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_lifecycle.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr auto kReadyLimit = std::chrono::minutes(10);  // VMs boot slowly where KVM is nested
constexpr int kSettleMs = 1000;                         // after all are ready, before the idle window
constexpr int kIdleMs = 5000;
constexpr int kWarmUpMs = 1000;  // load not counted: connections, caches, a lazy first request

std::string param(const Manifest& m, const std::string& name) {
    if (auto it = m.parameters.find(name); it != m.parameters.end()) return it->second;
    const workloads::Workload* w = workloads::findWorkload("compose");
    const workloads::Parameter* p = w ? workloads::findParameter(*w, name) : nullptr;
    return p ? std::string(p->defaultValue) : std::string();
}

Result<int> intParam(const Manifest& m, const std::string& name, int lo, int hi) {
    const std::string text = param(m, name);
    int value = 0;
    try {
        std::size_t used = 0;
        value = std::stoi(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
    } catch (const std::exception&) {
        return Error(EINVAL, "parameter " + name + " '" + text + "': expected a whole number");
    }
    if (value < lo || value > hi)
        return Error(EINVAL, "parameter " + name + " " + text + ": expected " + std::to_string(lo) + " to " +
                                 std::to_string(hi));
    return value;
}

// What one service's instance costs on the host now and has used of the CPU so far.
struct Usage {
    double bytes = 0;
    double cpuMs = 0;
};

Usage usageOf(const std::string& id, bool vm) {
    Usage u;
    if (vm) {  // juxta-vmm (the guest's memory, its kernel's included, and the VMM) and its monitor
        const vmm::VmState s = vmm::loadVmState(id);
        for (pid_t pid : {s.pid, s.monitorPid}) {
            if (pid <= 0) continue;
            u.bytes += pssBytes(pid).value_or(0);
            u.cpuMs += cpuMs(pid).value_or(0);
        }
        return u;
    }
    const runtime::ContainerState state = runtime::loadState(id);
    if (auto stats = runtime::instanceStats(id)) {
        u.bytes = double(std::max<int64_t>(0, stats->memoryCurrent));
        u.cpuMs = double(stats->cpuUsageNs) / 1e6;
    }
    if (state.monitorPid > 0) {
        u.bytes += pssBytes(state.monitorPid).value_or(0);
        u.cpuMs += cpuMs(state.monitorPid).value_or(0);
    }
    return u;
}

double allocatedBytes(const fs::path& file) {
    struct stat st {};
    return ::stat(file.c_str(), &st) == 0 ? double(st.st_blocks) * 512 : 0;
}

// Where to reach a service's first published port: its address (every address: loopback) and port.
std::optional<std::pair<std::string, uint16_t>> publishedPort(const std::vector<compose::Port>& ports) {
    for (const compose::Port& p : ports)
        if (p.protocol == "tcp" && p.published != 0)
            return std::make_pair(
                p.hostIp.empty() || p.hostIp == "0.0.0.0" ? std::string("127.0.0.1") : p.hostIp, p.published);
    return std::nullopt;
}

struct Member {
    std::string service;
    std::string id;
    bool vm = false;
    std::optional<double> readyMs;
    double peakBytes = 0;
    double cpuMsAtIdle = 0;
};

class ComposeWay {
  public:
    ComposeWay(const HarnessOptions& o, const Callbacks& cb, const compose::Project& base, std::string way,
               const VmSetup& vm, std::string comparisonId)
        : o_(o), cb_(cb), base_(base), vm_(vm), comparisonId_(std::move(comparisonId)) {
        run_.way = std::move(way);
        run_.kind = run_.way == "vm" ? InstanceKind::Vm : InstanceKind::Container;
        name_ = base_.name + "-as-" + run_.way;
    }
    ~ComposeWay() {
        if (up_) (void)compose::down(name_, /*removeVolumes=*/true);
    }

    // ECANCELED when cancelled (what it brought up is taken down either way); else the run, Ok or not.
    Result<ScenarioRun> run() {
        std::optional<compose::RunAs> as;
        if (run_.way == "container") as = compose::RunAs::Container;
        if (run_.way == "vm") as = compose::RunAs::Vm;
        auto project = compose::loadProject(base_.file, name_, as);
        if (!project) return failed(project.error().message());
        project_ = std::move(*project);
        const auto vms = std::count_if(project_.services.begin(), project_.services.end(),
                                       [](const compose::Service& s) { return s.as == compose::RunAs::Vm; });
        if (run_.way == "written" && vms == 0)
            return unavailable(
                "as written, every service is a container — the same as all containers (give a "
                "service `x-juxta: {as: vm}` to mix)");
        if (run_.way == "written" && vms == long(project_.services.size()))
            return unavailable("as written, every service is a VM — the same as all VMs");
        if (::geteuid() != 0)
            return unavailable(
                "a compose stack runs on the juxta0 bridge with memory limits, which need root — "
                "run as root, e.g. sudo juxtactl");
        if (vms > 0 && !vm_.unavailableReason.empty()) return unavailable(vm_.unavailableReason);

        // One comparison of a project name at a time (a CLI run and a GUI run of one file).
        const fs::path lockDir = paths::runtimeDir() / "compare";
        std::error_code ec;
        fs::create_directories(lockDir, ec);
        lock_ = UniqueFd(::open((lockDir / (name_ + ".lock")).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
        if (!lock_ || ::flock(lock_.get(), LOCK_EX | LOCK_NB) != 0)
            return failed("another comparison of " + base_.name + " is running (" + name_ + ")");
        if (auto earlier = compose::ps(name_)) {  // an earlier comparison's, interrupted: ours to remove
            for (const compose::ServiceStatus& s : *earlier)
                if (!madeByAComparison(s))
                    return failed("a project named " + name_ +
                                  " is up and no comparison made it — take it down "
                                  "(juxtactl compose -p " +
                                  name_ + " down) or rename it");
            progress("taking down an earlier comparison's " + name_, 0.01);
            (void)compose::down(name_, true);
        }
        // Its instances carry the comparison's id; its ports are free ones (ps says which), so the user's own
        // project may stay up beside it.
        for (compose::Service& s : project_.services) {
            s.labels[std::string(kCompareLabel)] = comparisonId_;
            for (compose::Port& port : s.ports) port.published = 0;
        }
        // A VM's image disk is made on its first start: made now, it is not counted in the readiness.
        for (const compose::Service& s : project_.services)
            if (s.as == compose::RunAs::Vm) {
                progress("the image disk of " + s.image, 0.02);
                images::ImageStore store = images::ImageStore::atDefaultLocation();
                auto image = store.resolve(s.image);
                if (!image) return failed(s.name + ": " + image.error().message());
                if (auto disk = vmm::ensureImageDisk(store, *image); !disk)
                    return failed(s.name + ": " + disk.error().message());
            }
        for (Status (ComposeWay::*step)() :
             {&ComposeWay::bringUp, &ComposeWay::measureIdle, &ComposeWay::measureLoad})
            if (Status st = (this->*step)(); !st) {
                if (st.error().code() == ECANCELED) return st.error();
                return failed(st.error());
            }
        return summarize();
    }

  private:
    bool cancelled() const { return cb_.cancelled && cb_.cancelled(); }
    void progress(const std::string& step, double fraction) const {
        if (cb_.progress) cb_.progress(run_.way + ": " + step, fraction);
    }
    double nowMs() const { return msBetween(originNs_, monotonicNs()); }
    ScenarioRun unavailable(const std::string& why) {
        run_.status = VariantStatus::Unavailable;
        run_.reason = why;
        return run_;
    }
    ScenarioRun failed(const Error& e) { return failed(e.message()); }
    ScenarioRun failed(const std::string& why) {
        run_.status = VariantStatus::Failed;
        run_.reason = why;
        return run_;
    }
    Status sleepMs(int ms) const {
        const int64_t until = monotonicNs() + int64_t(ms) * 1'000'000;
        while (monotonicNs() < until) {
            if (cancelled()) return Error(ECANCELED, "cancelled");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return {};
    }

    // `up`, then until every service is ready.
    Status bringUp() {
        originNs_ = monotonicNs();
        compose::UpOptions up;
        up.waitLimit = std::chrono::duration_cast<std::chrono::seconds>(kReadyLimit);
        up.progress = [this](const std::string& line) { progress(line, 0.1); };
        up.cancelled = [this] { return cancelled(); };
        up_ = true;  // whatever it made is taken down, a half-made stack too
        if (Status st = compose::up(project_, up); !st) return st;
        const int64_t deadline = monotonicNs() + std::chrono::nanoseconds(kReadyLimit).count();
        for (;;) {
            auto ps = compose::ps(name_);
            if (!ps) return ps.error();
            std::size_t ready = 0;
            for (const compose::ServiceStatus& s : *ps) {
                Member& m = member(s);
                if (s.ready && !m.readyMs) m.readyMs = nowMs();
                if (m.readyMs)
                    ++ready;
                else if (!s.live && s.status != "created" &&
                         s.status.find("(restarting)") == std::string::npos)
                    return Error(EIO, s.service + " ended before it was ready: " + s.status);
            }
            if (ready == ps->size()) break;
            if (monotonicNs() > deadline)
                return Error(ETIMEDOUT,
                             "not every service was ready within " +
                                 std::to_string(
                                     std::chrono::duration_cast<std::chrono::minutes>(kReadyLimit).count()) +
                                 " minutes");
            progress(std::to_string(ready) + " of " + std::to_string(ps->size()) + " ready", 0.2);
            if (Status st = sleepMs(100); !st) return st;
        }
        for (const Member& m : members_) run_.allReadyMs = std::max(run_.allReadyMs, m.readyMs.value_or(0));
        return {};
    }

    Member& member(const compose::ServiceStatus& s) {
        for (Member& m : members_)
            if (m.service == s.service) return m;
        members_.push_back({s.service, s.id, s.vm, std::nullopt, 0, 0});
        return members_.back();
    }

    // Memory (the peak) and CPU of each service over a window with nothing asked of the stack.
    Status measureIdle() {
        if (Status st = sleepMs(kSettleMs); !st) return st;
        progress("idle: memory and CPU", 0.3);
        const int64_t startNs = monotonicNs();
        for (Member& m : members_) m.cpuMsAtIdle = usageOf(m.id, m.vm).cpuMs;
        std::vector<double> cpuAtEnd(members_.size());
        for (;;) {
            double sum = 0;
            const bool last = monotonicNs() - startNs >= int64_t(kIdleMs) * 1'000'000;
            for (std::size_t i = 0; i < members_.size(); ++i) {
                const Usage u = usageOf(members_[i].id, members_[i].vm);
                members_[i].peakBytes = std::max(members_[i].peakBytes, u.bytes);
                sum += u.bytes;
                cpuAtEnd[i] = u.cpuMs;
            }
            run_.totalMemoryBytes = std::max(run_.totalMemoryBytes, sum);
            if (last) break;
            if (Status st = sleepMs(250); !st) return st;
        }
        const double windowMs = msBetween(startNs, monotonicNs());
        double total = 0;
        for (std::size_t i = 0; i < members_.size(); ++i) {
            const double percent = std::max(0.0, cpuAtEnd[i] - members_[i].cpuMsAtIdle) / windowMs * 100;
            idleCpu_[members_[i].service] = percent;
            total += percent;
        }
        run_.idleCpuPercent = total;
        return {};
    }

    const compose::Service* service(const std::string& name) const {
        for (const compose::Service& s : project_.services)
            if (s.name == name) return &s;
        return nullptr;
    }

    // Which service takes the load: the parameter, or the first (in the file's order) that publishes TCP.
    std::string loadService() const {
        const std::string asked = param(o_.manifest, "service");
        if (asked != "auto") return asked;
        for (const compose::Service& s : project_.services)
            for (const compose::Port& p : s.ports)
                if (p.protocol == "tcp") return s.name;
        return "";
    }

    // The hog: the parameter, or the service with the smallest memory limit but the loaded one.
    std::string hogService(const std::string& loaded) const {
        const std::string asked = param(o_.manifest, "hog");
        if (asked == "none") return "";
        if (asked != "auto") return asked;
        const compose::Service* pick = nullptr;
        for (const compose::Service& s : project_.services)
            if (s.name != loaded && s.memoryBytes && (!pick || *s.memoryBytes < *pick->memoryBytes))
                pick = &s;
        return pick ? pick->name : "";
    }

    Result<LoadRun> load(const std::string& ip, uint16_t port, int ms, const std::string& step,
                         double fraction) {
        progress(step, fraction);
        auto connections = intParam(o_.manifest, "connections", 1, 64);
        if (!connections) return connections.error();
        LoadRequest r;
        r.host = ip;
        r.port = port;
        r.path = param(o_.manifest, "path");
        r.connections = *connections;
        r.duration = std::chrono::milliseconds(ms);
        r.cancelled = [this] { return cancelled(); };
        auto out = runLoad(r);
        if (out && cancelled()) return Error(ECANCELED, "cancelled");
        return out;
    }

    void keepSeries(const LoadRun& l, double phaseStartMs) {
        for (const auto& [t, n] : l.perSecond) loadSeries_.emplace_back(phaseStartMs + t, n);
    }

    Status measureLoad() {
        const std::string target = loadService();
        if (target.empty()) {
            run_.loadNote =
                "no service publishes a TCP port, so no load was run (give the web service a `ports:` entry)";
            return {};
        }
        const Member* m = nullptr;
        for (const Member& x : members_)
            if (x.service == target) m = &x;
        if (!m) return Error(EINVAL, "no service '" + target + "' to load in " + base_.name);
        auto ps = compose::ps(name_);
        if (!ps) return ps.error();
        std::optional<std::pair<std::string, uint16_t>> at;
        for (const compose::ServiceStatus& s : *ps)
            if (s.service == target) at = publishedPort(s.published);
        if (!at) return Error(EINVAL, target + " publishes no TCP port to load");
        auto seconds = intParam(o_.manifest, "seconds", 1, 600);
        if (!seconds) return seconds.error();
        loadTarget_ = target;
        run_.loadTarget = target + ": GET http://" + at->first + ":" + std::to_string(at->second) +
                          param(o_.manifest, "path");
        if (auto warm = load(at->first, at->second, kWarmUpMs, "warming up " + target, 0.4); !warm)
            return warm.error();
        double phaseStart = nowMs();
        auto idle = load(at->first, at->second, *seconds * 1000, "load on " + target, 0.5);
        if (!idle) return idle.error();
        run_.load = idle->figures;
        keepSeries(*idle, phaseStart);

        run_.hog = hogService(target);
        if (run_.hog.empty()) {
            run_.loadNote =
                param(o_.manifest, "hog") == "none"
                    ? "no isolation phase (hog: none)"
                    : "no service but " + target +
                          " has a memory limit, so none was made to exhaust its memory (one without a "
                          "limit would exhaust the host's)";
            return {};
        }
        const compose::Service* hog = service(run_.hog);
        const Member* hogMember = nullptr;
        for (const Member& x : members_)
            if (x.service == run_.hog) hogMember = &x;
        if (!hog || !hogMember)
            return Error(EINVAL, "no service '" + run_.hog + "' to exhaust its memory in " + base_.name);
        if (!hogMember->vm && !hog->memoryBytes)
            return Error(EINVAL, run_.hog +
                                     " has no memory limit: exhausting it would exhaust the host — give it "
                                     "mem_limit, or choose another hog");
        double limit = double(hog->memoryBytes.value_or(0));
        if (hogMember->vm)
            if (auto d = vmm::loadVmDefinition(hogMember->id)) limit = double(d->memoryMiB << 20);
        // A limit is a ceiling, not a reservation: one the host cannot spare would wake the host's OOM
        // killer.
        if (const auto host = hostMemory();
            !host || limit > host->availableBytes - double(uint64_t(512) << 20)) {
            run_.loadNote =
                run_.hog + "'s memory limit (" + std::to_string(int64_t(limit) >> 20) +
                " MiB) is more than this host has available to spare, so it was not made to exhaust "
                "it (that would exhaust the host's)";
            run_.hog.clear();
            return {};
        }
        // Each pass asks twice its memory: the kernel (its cgroup's limit, or the guest's) must stop it. In a
        // container, again and again for the phase, the kills counted by its cgroup. In a guest, one pass:
        // where KVM is nested a guest takes a minute to run out (every page a fault through the emulated
        // hardware: the stack scenario's cache VM took 68 s in the testbed, scenario.h), and the phase lasts
        // until it is stopped; its shell's exit status says whether the guest's kernel killed it.
        const uint64_t hogBytes = uint64_t(limit * 2) + (uint64_t(64) << 20);
        const std::string onePass = "head -c " + std::to_string(hogBytes) + " /dev/zero | tail > /dev/null";
        const std::string script = "end=$(($(date +%s) + " + std::to_string(*seconds) +
                                   ")); while [ \"$(date +%s)\" -lt \"$end\" ]; do " + onePass + "; done";

        const int64_t oomBefore = oomKills(*hogMember);
        std::atomic<bool> hogDone{false}, abandon{false};
        std::string hogError;
        std::atomic<int> vmHogExit{-1};
        const std::string hogId = hogMember->id;
        const bool hogVm = hogMember->vm;
        // Ends the hog early (cancelled, or a load that failed): the container's exec is killed (its loop
        // ends by its own clock within the phase); a VM's is ended with the VM, which down removes anyway.
        const std::function<void()> stopHog = [&] {
            abandon = true;
            if (hogVm) (void)instances::stop(vmm::vms(), hogId, std::chrono::seconds(0));
        };
        run_.hogStartMs = nowMs();
        std::thread hogThread([&, id = hogId, vm = hogVm] {
            try {
                if (vm) {
                    json exec = {{"cmd", "exec"},
                                 {"argv", {"sh", "-c", onePass}},
                                 {"in_image", true},
                                 {"timeout_ms", (*seconds + 300) * 1000}};
                    auto answer = vmm::callVmm(id, exec, std::chrono::seconds(*seconds + 310));
                    if (answer) {
                        const int signal = answer->value("signal", 0);
                        vmHogExit = signal ? 128 + signal : answer->value("exit_code", 1);
                    } else {
                        hogError = answer.error().message();
                    }
                } else {
                    const fs::path juxtactl =
                        detached::helperExecutable("juxtactl", "JUXTACTL", JUXTACTL_INSTALLED);
                    RunProbe probe([&] { return abandon.load(); }, {});
                    auto child = runChild({juxtactl.string(), "exec", id, "--", "sh", "-c", script}, probe,
                                          [](pid_t) {});
                    if (!child) hogError = child.error().message();
                }
            } catch (const std::exception& e) {
                hogError = e.what();
            }
            hogDone = true;
        });
        struct Join {  // on every way out, an exception's too: the hog thread never outlives what it uses
            std::thread& t;
            const std::function<void()>& stop;
            ~Join() {
                if (!t.joinable()) return;
                stop();
                t.join();
            }
        } join{hogThread, stopHog};
        phaseStart = nowMs();
        auto during = load(at->first, at->second, *seconds * 1000,
                           run_.hog + " exhausts its memory; load on " + target, 0.7);
        if (!during) return during.error();  // Join stops the hog
        // Until the hog's loop ends (it runs the phase's time), a cancel, or its own deadline.
        const int64_t hogDeadline = monotonicNs() + int64_t(*seconds + 330) * 1'000'000'000;
        while (!hogDone) {
            if (cancelled() || monotonicNs() > hogDeadline) stopHog();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        hogThread.join();
        if (cancelled()) return Error(ECANCELED, "cancelled");
        run_.hogEndMs = nowMs();
        run_.loadDuringHog = during->figures;
        keepSeries(*during, phaseStart);
        int64_t kills = std::max<int64_t>(0, oomKills(*hogMember) - oomBefore);
        // A container's from its cgroup's counter alone; a guest's kernel counts for none on the host, so a
        // VM's from its pass's exit: killed by SIGKILL (the image's shell says it: a figure of that VM only).
        if (hogVm) kills = vmHogExit == 128 + SIGKILL ? 1 : 0;
        hogOom_ = kills > 0;
        hogNote_ = !hogError.empty() ? "the hog did not run: " + hogError
                   : hogOom_
                       ? "its hog was OOM-killed " + std::to_string(kills) + (kills == 1 ? " time" : " times")
                       : "its hog was never OOM-killed";
        if (Status st = sleepMs(1000); !st) return st;
        phaseStart = nowMs();
        auto after = load(at->first, at->second, *seconds * 1000, "after the hog: load on " + target, 0.85);
        if (!after) return after.error();
        run_.loadAfterHog = after->figures;
        keepSeries(*after, phaseStart);
        return {};
    }

    static bool madeByAComparison(const compose::ServiceStatus& s) {
        if (s.vm) {
            auto d = vmm::loadVmDefinition(s.id);
            return d && d->labels.count(std::string(kCompareLabel));
        }
        auto d = runtime::loadDefinition(s.id);
        return d && d->spec.labels.count(std::string(kCompareLabel));
    }

    static int64_t oomKills(const Member& m) {
        if (m.vm) return 0;
        auto stats = runtime::instanceStats(m.id);
        return stats ? std::max<int64_t>(0, stats->oomKills) : 0;
    }

    // A service's own disk and what it shares; volumes are not counted (they are the data, either way).
    void diskOf(const Member& m, ServiceResult& r) {
        if (!m.vm) {
            auto d = runtime::loadDefinition(m.id);
            if (!d) return;
            r.diskUniqueBytes = double(images::layerBytes(d->spec.upperDir));
            double shared = 0;
            for (const fs::path& layer : d->spec.layers) {
                auto [it, made] = layerBytes_.try_emplace(layer.string(), 0.0);
                if (made) it->second = double(images::layerBytes(layer));
                shared += it->second;
            }
            r.diskSharedBytes = shared;
            return;
        }
        auto d = vmm::loadVmDefinition(m.id);
        if (!d) return;
        r.diskUniqueBytes = allocatedBytes(vmm::writableDiskOf(m.id));
        images::ImageStore store = images::ImageStore::atDefaultLocation();
        if (auto image = store.resolve(d->image))
            if (auto disk = vmm::ensureImageDisk(store, *image)) {
                std::error_code ec;
                r.diskSharedBytes = double(fs::file_size(*disk, ec));
            }
    }

    Result<ScenarioRun> summarize() {
        auto ps = compose::ps(name_);
        for (const compose::Service& s : project_.services) {  // the file's order
            const Member* m = nullptr;
            for (const Member& x : members_)
                if (x.service == s.name) m = &x;
            if (!m) continue;
            ServiceResult r;
            r.name = s.name;
            r.kind = m->vm ? "vm" : "container";
            r.readyMs = m->readyMs.value_or(0);
            r.memoryBytes = m->peakBytes;
            if (auto it = idleCpu_.find(s.name); it != idleCpu_.end()) r.idleCpuPercent = it->second;
            diskOf(*m, r);
            r.hog = s.name == run_.hog;
            r.oomKilled = r.hog && hogOom_;
            if (ps)
                for (const compose::ServiceStatus& st : *ps)
                    if (st.service == s.name) r.end = st.status;
            if (r.hog) r.end = hogNote_ + "; the service: " + r.end;
            r.completed = ps && std::any_of(ps->begin(), ps->end(), [&](const compose::ServiceStatus& st) {
                              return st.service == s.name && st.live;
                          });
            if (s.name == loadTarget_) {
                r.opsPerS = loadSeries_;
                if (run_.load) r.opsPerSBefore = run_.load->requestsPerS;
                if (run_.loadAfterHog) r.opsPerSAfter = run_.loadAfterHog->requestsPerS;
            }
            run_.services.push_back(std::move(r));
        }
        progress("down", 0.95);
        return run_;
    }

    const HarnessOptions& o_;
    const Callbacks& cb_;
    const compose::Project& base_;
    const VmSetup& vm_;
    std::string comparisonId_;
    compose::Project project_;
    std::string name_;
    ScenarioRun run_;
    bool up_ = false;
    UniqueFd lock_;  // held while this way runs (runtimeDir()/compare/<name>.lock)
    int64_t originNs_ = 0;
    std::vector<Member> members_;
    std::map<std::string, double> idleCpu_, layerBytes_;
    std::string loadTarget_;
    std::vector<std::pair<double, double>> loadSeries_;
    bool hogOom_ = false;
    std::string hogNote_;
};

}  // namespace

Result<Comparison> runComposeScenario(const HarnessOptions& options, const Callbacks& cb) {
    if (auto st = validate(options.manifest); !st) return st.error();
    const Manifest& m = options.manifest;
    const std::string written = param(m, "written");
    if (written != "yes" && written != "no")
        return Error(EINVAL, "parameter written '" + written + "': expected yes or no");
    for (const char* name : {"seconds", "connections"}) {
        auto v = intParam(m, name, 1, std::string(name) == "seconds" ? 600 : 64);
        if (!v) return v.error();
    }
    const std::string path = param(m, "path");
    if (path.empty() || path[0] != '/' || path.find_first_of(" \r\n") != std::string::npos)
        return Error(EINVAL, "parameter path '" + path + "': it must start with / and hold no space");
    auto base = compose::loadProject(param(m, "file"), "", std::nullopt);
    if (!base) return base.error();
    // A comparison runs beside the user's own stack, on copies of its data: a writable bind mount would
    // have the copies write into the user's files (two databases on one directory).
    for (const compose::Service& s : base->services)
        for (const compose::Volume& v : s.volumes)
            if (v.kind == compose::Volume::Kind::Bind && !v.readOnly)
                return Error(EINVAL,
                             s.name + ": the bind mount " + v.source + ":" + v.target +
                                 " is writable — a comparison would write into your files; make it read-only "
                                 "(:ro) or a named volume to compare this stack");
    if (const std::string loaded = param(m, "service"); loaded != "auto")
        for (const compose::Service& s : base->services)
            if (s.name == loaded && std::none_of(s.ports.begin(), s.ports.end(),
                                                 [](const compose::Port& p) { return p.protocol == "tcp"; }))
                return Error(EINVAL, "service '" + loaded +
                                         "' publishes no TCP port to load — give it a `ports:` entry");
    for (const char* which : {"service", "hog"}) {
        const std::string v = param(m, which);
        if (v == "auto" || (std::string(which) == "hog" && v == "none")) continue;
        if (std::none_of(base->services.begin(), base->services.end(),
                         [&](const compose::Service& s) { return s.name == v; }))
            return Error(EINVAL, std::string(which) + " '" + v + "': " + base->name + " has no such service");
    }

    const int64_t originNs = monotonicNs();
    Comparison c;
    c.id = newComparisonId(m.workload);
    c.manifest = m;
    c.manifest.repeats = 1;
    c.manifest.parameters["file"] = fs::absolute(base->file).string();
    c.host = describeHost(probeHost(), options.juxtaVersion);
    std::vector<std::string> ways;
    for (InstanceKind kind : m.variants) ways.push_back(toString(kind));
    if (written == "yes") ways.push_back("written");
    const VmSetup vm = options.vm ? *options.vm : defaultVmSetup();
    collectRuns(
        c, ways.size(),
        [&](std::size_t i) { return ComposeWay(options, cb, *base, ways[i], vm, c.id).run(); }, originNs, cb);
    return c;
}

}  // namespace juxta::compare
