#include "compose/stack.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/paths.h"
#include "core/read_file.h"
#include "core/unique_fd.h"
#include "instances/lifecycle.h"
#include "instances/restart.h"
#include "runtime/lifecycle/health.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/request.h"
#include "runtime/lifecycle/volumes.h"
#include "runtime/network.h"
#include "runtime/port_relay.h"
#include "vmm/lifecycle/image_disk.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_lifecycle.h"
#include "vmm/lifecycle/vm_service.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::compose {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path projectDir(const std::string& project) {
    return paths::dataDir() / "compose" / project;
}

struct Made {
    std::string service, id;
    int64_t graceMs = 10000;
    bool vm = false;  // x-juxta: {as: vm}: an image VM (vmm/lifecycle/vm_service.h), else a container
};

const instances::Kind& kindOf(bool vm) {
    return vm ? vmm::vms() : runtime::containers();
}

// What `ps` and `up`'s waits need of a service's instance, whichever kind it is.
struct Seen {
    InstanceState state = InstanceState::Created;
    std::string status;     // "running (healthy)", "exited 0"
    bool hasCheck = false;  // it has a health check
    std::optional<runtime::Health> health;
    std::optional<int> exitCode;  // once it ended by itself
    std::vector<Port> ports;      // published: host address and port -> its port (TCP)
};

Result<Seen> look(const std::string& id, bool vm) {
    Seen seen;
    if (!vm) {
        auto st = runtime::instanceStatus(id);
        if (!st) return st.error();
        seen.state = st->state.state;
        seen.status = st->describe();
        seen.hasCheck = bool(st->definition.health);
        if (st->health) seen.health = st->health->status;
        if (st->state.exit) seen.exitCode = st->state.exit->shellCode();
        for (const auto& port : st->definition.spec.ports)
            seen.ports.push_back({port.hostIp, port.hostPort, port.containerPort, "tcp"});
        return seen;
    }
    auto d = vmm::loadVmDefinition(id);
    if (!d) return d.error();
    const vmm::VmState state = vmm::loadVmState(id);
    seen.state = state.state;
    seen.status = vmm::describe(state);
    seen.hasCheck = d->service && d->service->health;
    if (instances::isLive(state.state))
        if (auto health = vmm::loadVmHealth(id)) {
            seen.health = health->status;
            seen.status += std::string(" (") + runtime::toString(health->status) + ")";
        }
    if (state.serviceExit >= 0) seen.exitCode = state.serviceExit;
    if (!instances::isLive(state.state) && instances::restartPending(InstanceKind::Vm, id))
        seen.status += " (restarting)";
    for (const std::string& p : d->publish)
        if (auto port = runtime::parsePublishedPort(p))
            seen.ports.push_back({port->hostIp, port->hostPort, port->containerPort, "tcp"});
    return seen;
}

struct Record {
    std::vector<Made> services;  // in start order
    std::vector<std::string> volumes;
};

Status saveRecord(const std::string& project, const Record& r) {
    json j = {{"project", project}, {"services", json::array()}, {"volumes", r.volumes}};
    for (const Made& m : r.services)
        j["services"].push_back({{"service", m.service},
                                 {"id", m.id},
                                 {"grace_ms", m.graceMs},
                                 {"kind", m.vm ? "vm" : "container"}});
    return writeFileAtomically(projectDir(project) / "project.json", j.dump(2) + "\n");
}

Result<Record> loadRecord(const std::string& project) {
    // A name as parse.h makes them: never a path out of <dataDir>/compose (the GUI passes a label's).
    if (!isComposeProjectName(project))
        return Error(EINVAL, "'" + project + "' is not a compose project's name");
    auto text = readBoundedText(projectDir(project) / "project.json", kStateJsonLimits, "compose project");
    if (!text) {
        if (text.error().code() == ENOENT) return Error(ENOENT, "project " + project + " is not up");
        return text.error();
    }
    auto parsed = parseBoundedJson(*text, kStateJsonLimits, "compose project");
    if (!parsed) return parsed.error();
    const JsonReader j(*parsed, "compose project");
    Record r;
    for (const JsonReader& s : j.field("services").elements())
        r.services.push_back({s.string("service"), s.string("id"), s.integer<int64_t>("grace_ms", 10000),
                              s.string("kind", "container") == "vm"});
    r.volumes = j.strings("volumes", {});
    if (Status st = j.status(); !st) return st.error();
    return r;
}

// The hosts file every service sees at /etc/hosts: localhost, then each service under its name and
// its container's, written before the service starts. Rewritten in place (the same inode stays bound
// in every container) and never truncated first: an `up` only adds lines, so a service reading it
// meanwhile (its first lookup, as it starts) sees every line it saw before — truncating and writing
// left an empty file for a moment, and a service's first lookup of another once failed in it.
Status writeHosts(const fs::path& file, const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
    for (const auto& [address, names] : entries) text += address + "\t" + names + "\n";
    UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd) return Error::fromErrno("write " + file.string());
    if (::pwrite(fd.get(), text.data(), text.size(), 0) != ssize_t(text.size()) ||
        ::ftruncate(fd.get(), off_t(text.size())) < 0)
        return Error::fromErrno("write " + file.string());
    return {};
}

// The shell line for a health check's test: CMD-SHELL's line, or CMD's words quoted.
std::string shellLine(const std::vector<std::string>& test) {
    if (test.size() >= 2 && test[0] == "CMD-SHELL") return test[1];
    std::string line;
    for (std::size_t i = 1; i < test.size(); ++i) {
        std::string q = "'";
        for (char c : test[i]) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
        line += (line.empty() ? "" : " ") + q + "'";
    }
    return line;
}

runtime::ContainerRequest requestFor(const Project& p, const Service& s, const fs::path& hosts) {
    runtime::ContainerRequest r;
    r.image = s.image;
    r.name = p.name + "-" + s.name;
    r.network = runtime::Network::Bridge;
    if (s.command) r.command = *s.command;
    r.entrypoint = s.entrypoint;
    for (const auto& [k, v] : s.environment) r.env.push_back(k + "=" + v);
    r.workingDir = s.workingDir;
    r.user = s.user;
    r.stopSignal = s.stopSignal;
    // The user's labels, and which project and service it is (the GUI groups them by it).
    r.labels = s.labels;
    r.labels[std::string(kComposeProjectLabel)] = p.name;
    r.labels[std::string(kComposeServiceLabel)] = s.name;
    if (const std::string file = p.file.string(); !file.empty() && checkLabel(kComposeFileLabel, file))
        r.labels[std::string(kComposeFileLabel)] = file;
    r.limits.memoryBytes = s.memoryBytes;
    r.limits.cpus = s.cpus;
    r.limits.pidsMax = s.pids;
    for (const Port& port : s.ports)
        r.ports.push_back({port.hostIp.empty() ? "127.0.0.1" : port.hostIp, port.published, port.target});
    for (const Volume& v : s.volumes) {
        runtime::VolumeRequest vr;
        vr.destination = v.target;
        vr.readOnly = v.readOnly;
        if (v.kind == Volume::Kind::Named) vr.source = p.name + "_" + v.source;
        if (v.kind == Volume::Kind::Bind) vr.source = v.source;
        r.volumes.push_back(vr);
    }
    r.volumes.push_back({hosts.string(), "/etc/hosts", true, false});
    if (s.healthcheck) {
        r.health.disable = s.healthcheck->disable;
        if (!s.healthcheck->disable && !s.healthcheck->test.empty())
            r.health.command = shellLine(s.healthcheck->test);
        r.health.intervalMs = s.healthcheck->intervalMs;
        r.health.timeoutMs = s.healthcheck->timeoutMs;
        r.health.startPeriodMs = s.healthcheck->startPeriodMs;
        r.health.retries = s.healthcheck->retries;
    }
    return r;
}

// A VM service (x-juxta: {as: vm}, or --as vm): its image booted as a VM on the bridge whose
// service (vm_service.h) is what a container of it would run — the same request resolved the same
// way (entrypoint, command, environment, working directory, user, health check, ports) — and whose
// /etc/hosts its monitor keeps as the project's hosts file says. mem_limit is the VM's memory and
// cpus its vCPUs (rounded up).
// A VM service's volumes: named ones only (each a disk), at paths the guest can be told.
Status checkVmVolumes(const Service& s) {
    for (const Volume& v : s.volumes) {
        if (v.kind == Volume::Kind::Bind)
            return Error(EINVAL, "service " + s.name + " runs as a VM: the bind mount " + v.source + ":" +
                                     v.target +
                                     " cannot reach into a VM (a VM has disks, not the host's directories) — "
                                     "run this service as a container, or give it a named volume");
        if (v.kind != Volume::Kind::Named)
            return Error(EINVAL, "service " + s.name + " runs as a VM: its volume " + v.target +
                                     " has no name — a VM's volume is a disk kept by name (name:" + v.target +
                                     ")");
        if (Status ok = vmm::checkVolumeTarget(v.target); !ok) return ok.error().wrap("service " + s.name);
    }
    return {};
}

// A named volume is a directory for a container and a disk for a VM: one project cannot give the
// same one to both kinds; and a disk is one VM's at a time (only read-only, it may be several's).
Status checkVolumeKinds(const Project& p) {
    std::map<std::string, const Service*> users;
    std::map<std::string, std::pair<const Service*, bool>> vmUsers;  // and whether one writes it
    for (const Service& s : p.services)
        for (const Volume& v : s.volumes) {
            if (v.kind != Volume::Kind::Named) continue;
            if (s.as == RunAs::Vm) {
                auto [vm, first] = vmUsers.emplace(v.source, std::pair{&s, !v.readOnly});
                if (!first && (vm->second.second || !v.readOnly))
                    return Error(EINVAL,
                                 "volume " + v.source + " is a disk of VM service " + vm->second.first->name +
                                     (vm->second.first == &s ? " twice" : "") +
                                     (vm->second.first == &s ? "" : " and of VM service " + s.name) +
                                     ": a disk one VM writes is no other's (give each its own volume, "
                                     "or mount it :ro everywhere)");
            }
            auto [it, fresh] = users.emplace(v.source, &s);
            if (!fresh && (it->second->as == RunAs::Vm) != (s.as == RunAs::Vm))
                return Error(EINVAL,
                             "volume " + v.source + " is mounted by " +
                                 (it->second->as == RunAs::Vm ? "VM" : "container") + " service " +
                                 it->second->name + " and by " + (s.as == RunAs::Vm ? "VM" : "container") +
                                 " service " + s.name +
                                 ": a VM's volume is a disk, a container's a directory — give each kind "
                                 "its own volume");
        }
    return {};
}

// A VM service's named volume: the runtime's volume of that name (made when missing, kept by name,
// so `volume ls` and `down -v` see it) holding the VM's disk, disk.ext4 (sparse, made once).
constexpr uint64_t kVolumeDiskBytes = uint64_t(4) << 30;
Result<fs::path> volumeDisk(const std::string& name) {
    if (auto have = runtime::loadVolume(name); !have) {
        if (have.error().code() != ENOENT) return have.error();
        if (auto made = runtime::createVolume(name, "", 0, 0, 0755); !made && made.error().code() != EEXIST)
            return made.error();
    }
    const fs::path disk = runtime::volumesDir() / name / "disk.ext4";
    std::error_code ec;
    if (!fs::exists(disk, ec))
        if (Status made = vmm::makeWritableDisk(disk, kVolumeDiskBytes);
            !made && made.error().code() != EEXIST)
            return made.error().wrap("volume " + name);
    return disk;
}

Result<vmm::VmDefinition> vmFor(const Project& p, const Service& s, const fs::path& hosts) {
    if (Status st = checkVmVolumes(s); !st) return st.error();
    runtime::ContainerRequest r = requestFor(p, s, hosts);
    r.volumes.clear();  // the hosts file goes into the guest through its agent
    auto resolved = runtime::resolveRequest(r);
    if (!resolved) return resolved.error();
    (void)runtime::removeVolumesOf(resolved->spec.id);  // the image's VOLUMEs: on the VM's own disk instead
    const runtime::ContainerSpec& spec = resolved->spec;
    vmm::VmDefinition d;
    d.name = p.name + "-" + s.name;
    d.image = resolved->image;
    if (s.memoryBytes) d.memoryMiB = uint64_t(*s.memoryBytes) >> 20;
    if (s.cpus) d.vcpus = uint32_t(std::ceil(*s.cpus));
    d.network = "bridge";
    d.labels = spec.labels;
    for (const runtime::PublishedPort& port : spec.ports)
        d.publish.push_back(port.hostIp + ":" + std::to_string(port.hostPort) + ":" +
                            std::to_string(port.containerPort));
    vmm::VmService service;
    service.argv = spec.args;
    service.env = spec.env;
    service.cwd = spec.cwd.empty() ? "/" : spec.cwd;
    if (spec.uid || spec.gid) service.user = std::to_string(spec.uid) + ":" + std::to_string(spec.gid);
    service.hostsFile = hosts.string();
    service.stopSignal = spec.stopSignal;
    if (const auto& h = resolved->health)
        service.health =
            vmm::VmHealthCheck{h->args, h->intervalMs, h->timeoutMs, h->startPeriodMs, h->retries};
    for (const Volume& v : s.volumes) {
        auto disk = volumeDisk(p.name + "_" + v.source);
        if (!disk) return disk.error();
        d.disks.push_back({disk->string(), v.readOnly});
        service.volumes.push_back(v.target + (v.readOnly ? ":ro" : ""));
    }
    d.service = std::move(service);
    d.restart = s.restart;
    return d;
}

const char* conditionName(Condition c) {
    return c == Condition::Healthy                 ? "healthy"
           : c == Condition::CompletedSuccessfully ? "completed"
                                                   : "started";
}

// Until `id` meets the condition (started: at once), the limit, or `abandon` (another service failed).
Status waitFor(const std::string& service, const std::string& id, bool vm, Condition c,
               std::chrono::seconds limit, const std::function<bool()>& abandon) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        auto st = look(id, vm);
        if (!st) return st.error();
        const InstanceState state = st->state;
        if (c == Condition::Started) return {};
        if (c == Condition::Healthy) {
            if (!st->hasCheck)
                return Error(EINVAL,
                             service + " has no health check, and a service waits for it to be healthy");
            if (st->health == runtime::Health::Healthy) return {};
            if (st->health == runtime::Health::Unhealthy) return Error(EIO, service + " is unhealthy");
            if (state != InstanceState::Running && state != InstanceState::Paused)
                return Error(EIO, service + " ended before it was healthy (" + st->status + ")");
        } else if (state == InstanceState::Exited || state == InstanceState::Crashed) {
            if (st->exitCode == 0) return {};
            return Error(EIO, service + " did not complete successfully (" + st->status + ")");
        }
        if (abandon()) return Error(ECANCELED, "another service failed, or up was cancelled");
        if (std::chrono::steady_clock::now() > deadline)
            return Error(ETIMEDOUT, service + " was not " + conditionName(c) + " within " +
                                        std::to_string(limit.count()) + " s");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// One `up`: every service in a thread of its own, waiting for what it depends on, so independent
// services (and their waits) run side by side. Defining and launching a container is one at a
// time (`spawn`); what they share — the record, the hosts file, who has started — is under `mutex`.
class Up {
  public:
    Up(const Project& p, const UpOptions& o, fs::path hosts, Record record)
        : p_(p), o_(o), hosts_(std::move(hosts)), record_(std::move(record)) {}

    Status run() {
        std::vector<std::thread> threads;
        try {
            for (const std::string& name : p_.startOrder) {
                const Service* service = nullptr;
                for (const Service& s : p_.services)
                    if (s.name == name) service = &s;
                threads.emplace_back([this, service] { startAndRecord(*service); });
            }
        } catch (const std::exception& e) {  // no thread to be had (a pids limit): the rest stop
            std::lock_guard lock(mutex_);
            if (!first_)
                first_ = Error(EAGAIN, std::string("compose up: cannot start a thread: ") + e.what());
            abandon_ = true;
            changed_.notify_all();
        }
        for (std::thread& t : threads) t.join();
        if (first_) return *first_;
        return {};
    }

  private:
    // A service's thread: nothing escapes it; its failure stops what has not started yet.
    void startAndRecord(const Service& service) noexcept {
        Status st;
        try {
            st = startOne(service);
        } catch (const std::exception& e) {
            st = Error(EIO, "service " + service.name + ": " + e.what());
        } catch (...) {
            st = Error(EIO, "service " + service.name + ": an unknown error");
        }
        std::lock_guard lock(mutex_);
        if (!st) {
            failed_.insert(service.name);
            if (!first_) first_ = st.error();
            abandon_ = true;
        }
        changed_.notify_all();
    }

    bool stopping() const { return abandon_ || (o_.cancelled && o_.cancelled()); }

    void say(const std::string& line) {
        std::lock_guard lock(sayMutex_);
        if (o_.progress) o_.progress(line);
    }

    Status startOne(const Service& s) {
        for (const Dependency& d : s.dependsOn) {
            std::string id;
            bool vm = false;
            {
                std::unique_lock lock(mutex_);
                // Woken by a service that started or failed; every 200 ms for a cancel from outside.
                while (!changed_.wait_for(lock, std::chrono::milliseconds(200), [&] {
                    return ids_.count(d.service) || failed_.count(d.service) || stopping();
                })) {
                }
                if (!ids_.count(d.service))
                    return Error(ECANCELED, s.name + " cannot start: " + d.service + " did not");
                id = ids_[d.service];
                vm = vms_.count(d.service) > 0;
            }
            if (d.condition != Condition::Started)
                say(s.name + ": waiting for " + d.service + " (" + conditionName(d.condition) + ")");
            if (Status st = waitFor(d.service, id, vm, d.condition, dependencyWaitLimit(p_, d, o_.waitLimit),
                                    [this] { return stopping(); });
                !st)
                return st.error().wrap(s.name +
                                       " cannot start; what is up stays up (`juxtactl compose down`)");
        }
        std::lock_guard spawning(spawn_);
        if (stopping())
            return Error(ECANCELED, s.name + " not started: another service failed, or up was cancelled");
        const bool vm = s.as == RunAs::Vm;
        std::string id;
        if (vm) {
            auto d = vmFor(p_, s, hosts_);
            if (!d) return d.error().wrap("service " + s.name);
            auto made = vmm::createVm(*d);
            if (!made) return made.error().wrap("service " + s.name);
            id = made->id;
        } else {
            auto resolved = runtime::resolveRequest(requestFor(p_, s, hosts_));
            if (!resolved) return resolved.error().wrap("service " + s.name);
            resolved->spec.hostname = s.hostname.empty() ? s.name : s.hostname;
            auto defined =
                runtime::createInstance(resolved->spec, resolved->image, resolved->health, s.restart);
            if (!defined) return defined.error().wrap("service " + s.name);
            id = resolved->spec.id;
        }
        {
            std::lock_guard lock(mutex_);
            record_.services.push_back({s.name, id, s.stopGracePeriodMs.value_or(10000), vm});
            if (Status st = saveRecord(p_.name, record_); !st) return st;
        }
        // Its address (the lease its start keeps) in the hosts file before it starts: a service's
        // first look at it finds itself and every service started before it.
        auto leased = runtime::leaseAddress(id);
        if (!leased) return leased.error().wrap("service " + s.name);
        const std::string address = leased->toString();
        {
            std::lock_guard lock(mutex_);
            entries_.emplace_back(address, s.name + " " + p_.name + "-" + s.name);
            if (Status st = writeHosts(hosts_, entries_); !st) return st;
        }
        if (Status st = instances::start(kindOf(vm), id); !st) return st.error().wrap("service " + s.name);
        {
            std::lock_guard lock(mutex_);
            ids_[s.name] = id;
            if (vm) vms_.insert(s.name);
            changed_.notify_all();
        }
        say(s.name + ": started (" + p_.name + "-" + s.name + ", " + address + ")");
        return {};
    }

    const Project& p_;
    const UpOptions& o_;
    const fs::path hosts_;
    std::mutex mutex_, spawn_, sayMutex_;
    std::condition_variable changed_;
    Record record_;
    std::vector<std::pair<std::string, std::string>> entries_;
    std::map<std::string, std::string> ids_;  // started services
    std::set<std::string> vms_;               // those of them that are VMs
    std::set<std::string> failed_;
    std::optional<Error> first_;
    std::atomic<bool> abandon_{false};
};

}  // namespace

std::chrono::seconds dependencyWaitLimit(const Project& p, const Dependency& d, std::chrono::seconds floor) {
    if (d.condition != Condition::Healthy) return floor;
    const auto it = std::find_if(p.services.begin(), p.services.end(),
                                 [&](const Service& s) { return s.name == d.service; });
    if (it == p.services.end() || !it->healthcheck || it->healthcheck->disable) return floor;
    const Healthcheck& h = *it->healthcheck;
    const runtime::HealthCheck defaults;
    const auto bounded = [](int64_t ms) { return std::clamp<int64_t>(ms, 0, runtime::kMaxHealthMs); };
    const int64_t retries =
        std::clamp<int64_t>(h.retries.value_or(defaults.retries), 1, runtime::kMaxHealthRetries);
    const int64_t worstMs = bounded(h.startPeriodMs.value_or(defaults.startPeriodMs)) +
                            retries * (bounded(h.intervalMs.value_or(defaults.intervalMs)) +
                                       bounded(h.timeoutMs.value_or(defaults.timeoutMs)));
    return std::max(floor, std::chrono::seconds(worstMs / 1000 + 30));
}

Status up(const Project& p, const UpOptions& o) {
    for (const Service& s : p.services)  // before anything is made
        if (s.as == RunAs::Vm)
            if (Status st = checkVmVolumes(s); !st) return st;
    if (Status st = checkVolumeKinds(p); !st) return st;
    const fs::path dir = projectDir(p.name);
    if (fs::exists(dir / "project.json"))
        return Error(EEXIST, "project " + p.name + " is up already — `juxtactl compose down` first");
    if (auto made = paths::ensureDir(dir); !made) return made.error();
    const fs::path hosts = dir / "hosts";
    if (Status st = writeHosts(hosts, {}); !st) return st;
    Record record;
    for (const std::string& v : p.volumes) record.volumes.push_back(p.name + "_" + v);
    if (Status st = saveRecord(p.name, record); !st) return st;
    return Up(p, o, hosts, std::move(record)).run();
}

Result<std::vector<ServiceStatus>> ps(const std::string& project) {
    auto record = loadRecord(project);
    if (!record) return record.error();
    std::vector<ServiceStatus> out;
    for (const Made& m : record->services) {
        ServiceStatus s{m.service, project + "-" + m.service, m.id, "removed", "", {}, m.vm, false, false,
                        {}};
        s.log = m.vm ? vmm::vmLogFileOf(m.id) : runtime::logFileOf(m.id);
        if (auto seen = look(m.id, m.vm); seen) {
            s.status = seen->status;
            s.live = instances::isLive(seen->state);
            s.ready = s.live ? seen->state == InstanceState::Running &&
                                   (!seen->hasCheck || seen->health == runtime::Health::Healthy)
                             : seen->exitCode == 0;
            // A VM without a check is ready once its guest runs the service — its agent up — not
            // once juxta-vmm runs: a comparison's "ready" of a VM includes its boot, and what it
            // then sends the guest has an agent to take it.
            if (s.ready && s.live && m.vm && !seen->hasCheck) {
                auto agent = vmm::callVmm(m.id, {{"cmd", "agent"}}, std::chrono::seconds(2));
                s.ready = agent && agent->value("ready", false);
            }
            s.published = seen->ports;
            for (const Port& port : seen->ports)
                s.ports += std::string(s.ports.empty() ? "" : ", ") +
                           runtime::PublishedPort{port.hostIp, port.published, port.target}.toString();
        }
        out.push_back(std::move(s));
    }
    return out;
}

Status stop(const std::string& project) {
    auto record = loadRecord(project);
    if (!record) return record.error();
    Status first;
    for (auto it = record->services.rbegin(); it != record->services.rend(); ++it)
        if (auto seen = look(it->id, it->vm); seen && instances::isLive(seen->state)) {
            if (Status s = instances::stop(kindOf(it->vm), it->id, std::chrono::milliseconds(it->graceMs));
                !s && first)
                first = s.error().wrap("stop " + it->service);
        } else {
            instances::noteStopAsked(kindOf(it->vm).kind(), it->id);  // a restart's back-off ends here
        }
    return first;
}

Status start(const std::string& project, const UpOptions& o) {
    auto record = loadRecord(project);
    if (!record) return record.error();
    for (const Made& m : record->services) {
        auto seen = look(m.id, m.vm);
        if (!seen) return seen.error().wrap("start " + m.service);
        if (instances::isLive(seen->state)) continue;
        if (Status s = instances::start(kindOf(m.vm), m.id); !s) return s.error().wrap("start " + m.service);
        if (o.progress) o.progress(m.service + ": started");
    }
    return {};
}

Status down(const std::string& project, bool removeVolumes) {
    auto record = loadRecord(project);
    if (!record) return record.error();
    Status first;
    for (auto it = record->services.rbegin(); it != record->services.rend(); ++it) {
        auto seen = look(it->id, it->vm);
        if (!seen) continue;  // removed by hand already
        const auto grace = std::chrono::milliseconds(it->graceMs);
        if (instances::isLive(seen->state)) (void)instances::stop(kindOf(it->vm), it->id, grace);
        if (Status st = instances::remove(kindOf(it->vm), it->id, true); !st && first) first = st;
    }
    if (!first) return first;  // the record stays, so `down` can be run again
    if (removeVolumes)
        for (const std::string& v : record->volumes)
            if (Status st = runtime::removeVolume(v); !st && st.error().code() != ENOENT && first) first = st;
    std::error_code ec;
    fs::remove_all(projectDir(project), ec);
    return first;
}

}  // namespace juxta::compose
