#include "runtime/lifecycle/state.h"

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/atomic_file.h"
#include "core/paths.h"
#include "runtime/resource_record.h"

namespace juxta::runtime {
namespace fs = std::filesystem;
using nlohmann::json;

std::string_view toString(RunState state) {
    switch (state) {
        case RunState::Created:
            return "created";
        case RunState::Running:
            return "running";
        case RunState::Paused:
            return "paused";
        case RunState::Exited:
            return "exited";
    }
    return "unknown";
}

fs::path stateDirOf(const std::string& id) {
    return paths::runtimeDir() / "containers" / id;
}
fs::path logFileOf(const std::string& id) {
    return paths::stateDir() / "containers" / (id + ".log");
}

fs::path consoleSocketOf(const std::string& id) {
    return stateDirOf(id) / "console.sock";
}

namespace {

// The monitor owns the container's resource record while the container runs: its pid and start
// time there tell a live monitor from a recycled pid. Without a record (the monitor has cleaned
// up and is writing the exit), the pid alone; a zombie is no monitor.
bool monitorAlive(const std::string& id, pid_t monitorPid) {
    if (auto record = readRecord(id)) return isAlive(record->owner);
    return monitorPid > 0 && identityOf(monitorPid).has_value();
}

}  // namespace

int64_t wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Status saveState(const std::string& id, const InstanceState& s) {
    auto dir = paths::ensureDir(stateDirOf(id));
    if (!dir) return dir.error();
    json j = {{"state", std::string(toString(s.state))},
              {"monitor_pid", s.monitorPid},
              {"pid", s.pid},
              {"cgroup_root", s.cgroupRoot.string()},
              {"started_at_ms", s.startedAtMs},
              {"finished_at_ms", s.finishedAtMs},
              {"address", s.address},
              {"user_namespace", s.userNamespace},
              {"timeline", s.timelineJson.empty() ? json(nullptr) : json::parse(s.timelineJson)}};
    if (s.finalStats)
        j["final_stats"] = {{"cpu_usage_ns", s.finalStats->cpuUsageNs},
                            {"memory_peak", s.finalStats->memoryPeak},
                            {"io_read_bytes", s.finalStats->ioReadBytes},
                            {"io_write_bytes", s.finalStats->ioWriteBytes},
                            {"oom_kills", s.finalStats->oomKills}};
    if (s.exit)
        j["exit"] = {{"code", s.exit->code}, {"signal", s.exit->signal}, {"oom_killed", s.exit->oomKilled}};
    return writeFileAtomically(*dir / "state.json", j.dump(2) + "\n");
}

InstanceState loadState(const std::string& id) {
    InstanceState s;
    std::ifstream in(stateDirOf(id) / "state.json");
    if (!in) return s;
    try {
        const json j = json::parse(in);
        const std::string state = j.value("state", "created");
        s.state = state == "running"  ? RunState::Running
                  : state == "exited" ? RunState::Exited
                                      : RunState::Created;
        s.monitorPid = j.value("monitor_pid", 0);
        s.pid = j.value("pid", 0);
        s.cgroupRoot = j.value("cgroup_root", std::string("/sys/fs/cgroup"));
        s.startedAtMs = j.value("started_at_ms", int64_t(0));
        s.finishedAtMs = j.value("finished_at_ms", int64_t(0));
        s.address = j.value("address", std::string());
        s.userNamespace = j.value("user_namespace", std::string());
        if (j.contains("timeline") && !j["timeline"].is_null()) s.timelineJson = j["timeline"].dump();
        if (j.contains("exit")) {
            ExitStatus e;
            e.code = j["exit"].value("code", 0);
            e.signal = j["exit"].value("signal", 0);
            e.oomKilled = j["exit"].value("oom_killed", false);
            s.exit = e;
        }
        if (j.contains("final_stats")) {
            const json& f = j["final_stats"];
            CgroupStats st;
            st.cpuUsageNs = f.value("cpu_usage_ns", int64_t(0));
            st.memoryPeak = f.value("memory_peak", int64_t(0));
            st.ioReadBytes = f.value("io_read_bytes", int64_t(0));
            st.ioWriteBytes = f.value("io_write_bytes", int64_t(0));
            st.oomKills = f.value("oom_kills", int64_t(0));
            s.finalStats = st;
        }
    } catch (const json::exception&) {
        return s;  // a torn file cannot happen (atomic writes); an edited one reads as created
    }
    if (s.state == RunState::Running) {
        if (!monitorAlive(id, s.monitorPid)) {
            s.state = RunState::Exited;  // the monitor is gone without a word: crash or reboot
            s.exit.reset();
        } else if (fs::exists(stateDirOf(id) / "paused")) {
            s.state = RunState::Paused;
        }
    }
    return s;
}

}  // namespace juxta::runtime
