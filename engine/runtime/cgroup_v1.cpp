#include "runtime/cgroup_v1.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <set>

#include "runtime/cgroup_files.h"
#include "runtime/devices.h"

namespace juxta::runtime {
namespace fs = std::filesystem;
using namespace cgroupfs;

namespace {

constexpr const char* kControllers[] = {"memory", "cpu", "cpuacct", "pids", "freezer", "blkio", "devices"};

}  // namespace

int64_t cpuSharesFromWeight(int weight) {
    return 2 + (int64_t(weight) - 1) * 262142 / 9999;
}

Result<std::unique_ptr<CgroupV1>> CgroupV1::create(const std::string& id, const fs::path& root) {
    std::unique_ptr<CgroupV1> cg(new CgroupV1());
    std::set<fs::path> seen;
    for (const char* controller : kControllers) {
        std::error_code ec;
        fs::path mount = fs::canonical(root / controller, ec);  // "cpu" -> "cpu,cpuacct" when co-mounted
        if (ec || !seen.insert(mount).second) continue;
        if (auto st = makeDir(mount / "juxta"); !st) return st.error().wrap("cgroup v1");
        fs::path dir = mount / "juxta" / id;
        if (::mkdir(dir.c_str(), 0755) < 0) return Error::fromErrno("cgroup v1: mkdir " + dir.string());
        cg->hierarchies_.push_back({controller, dir});
    }
    if (cg->hierarchies_.empty())
        return Error(ENOENT, "cgroup v1: no controller hierarchies under " + root.string());
    return cg;
}

Result<std::unique_ptr<CgroupV1>> CgroupV1::open(const std::string& id, const fs::path& root) {
    std::unique_ptr<CgroupV1> cg(new CgroupV1());
    cg->owned_ = false;
    cg->cpuLimited_ = true;  // a process joining later (exec) takes every hierarchy the init may be in
    std::set<fs::path> seen;
    for (const char* controller : kControllers) {
        std::error_code ec;
        fs::path mount = fs::canonical(root / controller, ec);
        if (ec || !seen.insert(mount).second) continue;
        if (fs::path dir = mount / "juxta" / id; fs::is_directory(dir, ec))
            cg->hierarchies_.push_back({controller, dir});
    }
    if (cg->hierarchies_.empty()) return Error(ENOENT, "cgroup v1: no cgroup for container " + id);
    return cg;
}

CgroupV1::~CgroupV1() {
    if (owned_) (void)destroy();
}

fs::path CgroupV1::dir(const char* controller) const {
    for (const auto& h : hierarchies_) {
        if (h.controller == controller) return h.dir;
        // A co-mounted hierarchy is named by its first controller; its directory holds the others' files.
        const std::string mount = h.dir.parent_path().parent_path().filename().string();
        for (std::size_t p = 0; p <= mount.size();) {
            std::size_t comma = mount.find(',', p);
            if (comma == std::string::npos) comma = mount.size();
            if (mount.compare(p, comma - p, controller) == 0) return h.dir;
            p = comma + 1;
        }
    }
    return {};
}

Status CgroupV1::setLimits(const Limits& limits) {
    auto need = [&](const char* controller) -> Result<fs::path> {
        fs::path d = dir(controller);
        if (d.empty())
            return Error(ENOTSUP, std::string("cgroup v1: the ") + controller + " controller is not mounted");
        return d;
    };
    if (limits.memoryBytes) {
        auto d = need("memory");
        if (!d) return d.error();
        const std::string bytes = std::to_string(*limits.memoryBytes);
        if (auto st = writeFile(*d / "memory.limit_in_bytes", bytes); !st)
            return st.error().wrap("set memory limit");
        // No swap beyond the limit, so the limit is what the workload really gets.
        if (fs::exists(*d / "memory.memsw.limit_in_bytes"))
            if (auto st = writeFile(*d / "memory.memsw.limit_in_bytes", bytes); !st)
                return st.error().wrap("set memory+swap limit");
    }
    if (limits.cpus || limits.cpuWeight) {
        auto d = need("cpu");
        if (!d) return d.error();
        cpuLimited_ = true;
        if (limits.cpus) {
            const int64_t period = 100000;
            if (auto st = writeFile(*d / "cpu.cfs_period_us", std::to_string(period)); !st)
                return st.error().wrap("set CPU period");
            if (auto st = writeFile(*d / "cpu.cfs_quota_us", std::to_string(int64_t(*limits.cpus * period)));
                !st)
                return st.error().wrap("set CPU quota");
        }
        if (limits.cpuWeight)
            if (auto st =
                    writeFile(*d / "cpu.shares", std::to_string(cpuSharesFromWeight(*limits.cpuWeight)));
                !st)
                return st.error().wrap("set CPU shares");
    }
    if (limits.pidsMax) {
        auto d = need("pids");
        if (!d) return d.error();
        if (auto st = writeFile(*d / "pids.max", std::to_string(*limits.pidsMax)); !st)
            return st.error().wrap("set pids limit");
    }
    return {};
}

Status CgroupV1::restrictDevices(std::span<const DeviceRule> rules) {
    fs::path devices = dir("devices");
    if (devices.empty()) return Error(ENOTSUP, "cgroup v1: the devices controller is not mounted");
    if (auto st = writeFile(devices / "devices.deny", "a"); !st) return st.error().wrap("cgroup v1 devices");
    for (const DeviceRule& rule : rules)
        if (auto st = writeFile(devices / "devices.allow", rule.toV1()); !st)
            return st.error().wrap("cgroup v1 devices");
    return {};
}

Status CgroupV1::join(pid_t pid) {
    const std::string text = std::to_string(pid);
    for (const auto& h : hierarchies_)
        if (auto st = writeFile(h.dir / "cgroup.procs", text); !st) return st.error().wrap("join cgroup");
    return {};
}

std::vector<fs::path> CgroupV1::selfJoinFiles() const {
    std::vector<fs::path> files;
    const fs::path cpu = dir("cpu"), cpuacct = dir("cpuacct");
    for (const auto& h : hierarchies_)
        if (cpuLimited_ || h.dir != cpu || h.dir == cpuacct) files.push_back(h.dir / "tasks");
    return files;
}

Result<CgroupStats> CgroupV1::stats() const {
    CgroupStats s;
    if (fs::path d = dir("cpuacct"); !d.empty())
        if (auto v = readInt(d / "cpuacct.usage")) s.cpuUsageNs = *v;
    if (fs::path d = dir("memory"); !d.empty()) {
        if (auto v = readInt(d / "memory.usage_in_bytes")) s.memoryCurrent = *v;
        if (auto v = readInt(d / "memory.max_usage_in_bytes")) s.memoryPeak = *v;
        if (auto v = readFile(d / "memory.oom_control")) s.oomKills = keyedValue(*v, "oom_kill");
    }
    if (fs::path d = dir("pids"); !d.empty())
        if (auto v = readInt(d / "pids.current")) s.pids = *v;
    if (fs::path d = dir("blkio"); !d.empty()) {
        // "8:0 Read 4096\n8:0 Write 0\n...\nTotal 4096": the per-device Read/Write lines.
        if (auto v = readFile(d / "blkio.throttle.io_service_bytes")) {
            const IoBytes io = ioBytesV1(*v);
            s.ioReadBytes = io.read;
            s.ioWriteBytes = io.written;
        }
    }
    return s;
}

Status CgroupV1::freeze() {
    fs::path d = dir("freezer");
    if (d.empty()) return Error(ENOTSUP, "cgroup v1: the freezer controller is not mounted");
    if (auto st = writeFile(d / "freezer.state", "FROZEN"); !st) return st.error().wrap("freeze");
    return pollUntil(  // FREEZING until every task has stopped
        [&]() -> Result<bool> {
            auto state = readFile(d / "freezer.state");
            if (!state) return state.error();
            return state->rfind("FROZEN", 0) == 0;
        },
        "freeze");
}

Status CgroupV1::thaw() {
    fs::path d = dir("freezer");
    if (d.empty()) return Error(ENOTSUP, "cgroup v1: the freezer controller is not mounted");
    if (auto st = writeFile(d / "freezer.state", "THAWED"); !st) return st.error().wrap("thaw");
    return {};
}

Status CgroupV1::killAll() {
    if (!dir("freezer").empty()) (void)thaw();  // a frozen task cannot die
    fs::path d = dir("pids");
    killTasks((d.empty() ? hierarchies_.front().dir : d) / "cgroup.procs");
    return {};
}

Status CgroupV1::destroy() {
    if (destroyed_ || hierarchies_.empty()) return {};
    (void)killAll();
    Status result;
    for (const auto& h : hierarchies_)
        if (auto st = removeDir(h.dir); !st && result) result = st;
    destroyed_ = result.ok();
    return result;
}

}  // namespace juxta::runtime
