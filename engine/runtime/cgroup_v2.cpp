#include "runtime/cgroup_v2.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cmath>

#include "runtime/cgroup_files.h"
#include "runtime/cgroup_v2_devices.h"

namespace juxta::runtime {
namespace fs = std::filesystem;
using namespace cgroupfs;

namespace {

constexpr const char* kControllers[] = {"memory", "cpu", "pids", "io"};

bool hasWord(std::string_view list, std::string_view word) {
    for (std::size_t pos = 0; pos < list.size();) {
        std::size_t end = list.find_first_of(" \n", pos);
        if (end == std::string_view::npos) end = list.size();
        if (list.substr(pos, end - pos) == word) return true;
        pos = end + 1;
    }
    return false;
}

// Enables in dir/cgroup.subtree_control what dir/cgroup.controllers offers of kControllers.
Result<std::string> enableControllers(const fs::path& dir) {
    auto available = readFile(dir / "cgroup.controllers");
    if (!available) return available.error();
    std::string enabled;
    for (const char* c : kControllers) {
        if (!hasWord(*available, c)) continue;
        if (auto st = writeFile(dir / "cgroup.subtree_control", std::string("+") + c); !st) return st.error();
        enabled += enabled.empty() ? c : std::string(" ") + c;
    }
    return enabled;
}

}  // namespace

Result<std::unique_ptr<CgroupV2>> CgroupV2::create(const std::string& id, const fs::path& root) {
    std::unique_ptr<CgroupV2> cg(new CgroupV2());
    cg->root_ = root;
    if (auto st = enableControllers(root); !st)
        return st.error().wrap("cgroup v2: enable controllers at " + root.string());
    const fs::path parent = root / "juxta";
    if (auto st = makeDir(parent); !st) return st.error().wrap("cgroup v2");
    auto enabled = enableControllers(parent);
    if (!enabled) return enabled.error().wrap("cgroup v2: enable controllers at " + parent.string());
    cg->controllers_ = *enabled;
    cg->dir_ = parent / id;
    // An existing directory is adopted: ids are random, so it can only be one laid out for us
    // (the tests' fake tree) or a leftover of this very container.
    if (auto st = makeDir(cg->dir_); !st) return st.error().wrap("cgroup v2");
    cg->dirFd_.reset(::open(cg->dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!cg->dirFd_) return Error::fromErrno("cgroup v2: open " + cg->dir_.string());
    return cg;
}

Result<std::unique_ptr<CgroupV2>> CgroupV2::open(const std::string& id, const fs::path& root) {
    std::unique_ptr<CgroupV2> cg(new CgroupV2());
    cg->owned_ = false;
    cg->root_ = root;
    cg->dir_ = root / "juxta" / id;
    cg->dirFd_.reset(::open(cg->dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!cg->dirFd_) return Error::fromErrno("cgroup v2: open " + cg->dir_.string());
    if (auto enabled = readFile(root / "juxta" / "cgroup.subtree_control")) cg->controllers_ = *enabled;
    return cg;
}

CgroupV2::~CgroupV2() {
    if (owned_) (void)destroy();
}

Status CgroupV2::requireController(const char* name) const {
    if (hasWord(controllers_, name)) return {};
    return Error(ENOTSUP, std::string("cgroup v2: the ") + name + " controller is not available at " +
                              root_.string() +
                              " (enabled: " + (controllers_.empty() ? "none" : controllers_) +
                              ") — is it bound to a cgroup v1 hierarchy?");
}

Status CgroupV2::setLimits(const Limits& limits) {
    if (limits.memoryBytes) {
        if (auto st = requireController("memory"); !st) return st;
        if (auto st = writeFile(dir_ / "memory.max", std::to_string(*limits.memoryBytes)); !st)
            return st.error().wrap("set memory limit");
        // No swap beyond the limit, so the limit is what the workload really gets.
        if (fs::exists(dir_ / "memory.swap.max"))
            if (auto st = writeFile(dir_ / "memory.swap.max", "0"); !st)
                return st.error().wrap("set swap limit");
    }
    if (limits.cpus || limits.cpuWeight) {
        if (auto st = requireController("cpu"); !st) return st;
        if (limits.cpus) {
            const int64_t period = 100000;
            const std::string value =
                std::to_string(int64_t(std::llround(*limits.cpus * period))) + " " + std::to_string(period);
            if (auto st = writeFile(dir_ / "cpu.max", value); !st) return st.error().wrap("set CPU quota");
        }
        if (limits.cpuWeight)
            if (auto st = writeFile(dir_ / "cpu.weight", std::to_string(*limits.cpuWeight)); !st)
                return st.error().wrap("set CPU weight");
    }
    if (limits.pidsMax) {
        if (auto st = requireController("pids"); !st) return st;
        if (auto st = writeFile(dir_ / "pids.max", std::to_string(*limits.pidsMax)); !st)
            return st.error().wrap("set pids limit");
    }
    return {};
}

Status CgroupV2::restrictDevices(std::span<const DeviceRule> rules) {
    UniqueFd dir(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));  // BPF_PROG_ATTACH refuses O_PATH
    if (!dir) return Error::fromErrno("cgroup v2: open " + dir_.string());
    if (auto st = attachDeviceProgram(dir.get(), rules); !st) return st.error().wrap("cgroup v2 devices");
    return {};
}

Status CgroupV2::join(pid_t pid) {
    if (auto st = writeFile(dir_ / "cgroup.procs", std::to_string(pid)); !st)
        return st.error().wrap("join cgroup");
    return {};
}

Result<CgroupStats> CgroupV2::stats() const {
    CgroupStats s;
    if (auto v = readFile(dir_ / "cpu.stat")) s.cpuUsageNs = keyedValue(*v, "usage_usec") * 1000;
    if (auto v = readInt(dir_ / "memory.current")) s.memoryCurrent = *v;
    if (auto v = readInt(dir_ / "memory.peak")) s.memoryPeak = *v;  // kernels >= 5.19
    if (auto v = readFile(dir_ / "memory.events")) s.oomKills = keyedValue(*v, "oom_kill");
    if (auto v = readInt(dir_ / "pids.current")) s.pids = *v;
    if (auto v = readFile(dir_ / "io.stat")) {  // "8:0 rbytes=4096 wbytes=0 rios=1 ..." per device
        const IoBytes io = ioBytesV2(*v);
        s.ioReadBytes = io.read;
        s.ioWriteBytes = io.written;
    }
    return s;
}

Status CgroupV2::freeze() {
    if (auto st = writeFile(dir_ / "cgroup.freeze", "1"); !st) return st.error().wrap("freeze");
    return pollUntil(  // cgroup.events says "frozen 1" once every task has stopped
        [&]() -> Result<bool> {
            auto events = readFile(dir_ / "cgroup.events");
            if (!events) return events.error();
            return keyedValue(*events, "frozen") == 1;
        },
        "freeze");
}

Status CgroupV2::thaw() {
    if (auto st = writeFile(dir_ / "cgroup.freeze", "0"); !st) return st.error().wrap("thaw");
    return {};
}

Status CgroupV2::killAll() {
    if (fs::exists(dir_ / "cgroup.kill")) return writeFile(dir_ / "cgroup.kill", "1");  // kernels >= 5.14
    killTasks(dir_ / "cgroup.procs");
    return {};
}

Status CgroupV2::destroy() {
    if (destroyed_ || dir_.empty()) return {};
    dirFd_.reset();
    (void)killAll();
    auto st = removeDir(dir_);
    destroyed_ = st.ok();
    return st;
}

}  // namespace juxta::runtime
