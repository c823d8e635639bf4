#include "runtime/lifecycle/state.h"

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/log.h"
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

namespace {

// The timeline as a JSON value; null when there is none (or it is not JSON: never an exception).
json timelineValue(const std::string& text) {
    json t = json::parse(text, nullptr, /*allow_exceptions=*/false);
    return t.is_object() ? t : json(nullptr);
}

}  // namespace

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
              {"timeline", timelineValue(s.timelineJson)}};
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

namespace {

// The file's fields, all or nothing: a field of the wrong type refuses the whole file.
Result<InstanceState> readStateFile(const fs::path& file) {
    auto j = readBoundedJsonFile(file, kStateJsonLimits, "state file");
    if (!j) return j.error();
    const JsonReader r(*j, "state file " + file.string());
    InstanceState s;
    const std::string state = r.string("state", "created");
    s.state = state == "running"  ? RunState::Running
              : state == "exited" ? RunState::Exited
                                  : RunState::Created;
    s.monitorPid = r.integer<pid_t>("monitor_pid", 0);
    s.pid = r.integer<pid_t>("pid", 0);
    s.cgroupRoot = r.string("cgroup_root", "/sys/fs/cgroup");
    s.startedAtMs = r.integer<int64_t>("started_at_ms", 0);
    s.finishedAtMs = r.integer<int64_t>("finished_at_ms", 0);
    s.address = r.string("address", "");
    s.userNamespace = r.string("user_namespace", "");
    if (const JsonReader t = r.field("timeline"); t.present() && t.isObject())
        s.timelineJson = t.raw().dump();
    if (const JsonReader e = r.field("exit"); e.present() && e.isObject())
        s.exit = ExitStatus{.code = e.integer<int>("code", 0),
                            .signal = e.integer<int>("signal", 0),
                            .oomKilled = e.boolean("oom_killed", false)};
    if (const JsonReader f = r.field("final_stats"); f.present() && f.isObject()) {
        CgroupStats st;
        st.cpuUsageNs = f.integer<int64_t>("cpu_usage_ns", 0);
        st.memoryPeak = f.integer<int64_t>("memory_peak", 0);
        st.ioReadBytes = f.integer<int64_t>("io_read_bytes", 0);
        st.ioWriteBytes = f.integer<int64_t>("io_write_bytes", 0);
        st.oomKills = f.integer<int64_t>("oom_kills", 0);
        s.finalStats = st;
    }
    if (Status ok = r.status(); !ok) return ok.error();
    return s;
}

}  // namespace

InstanceState loadState(const std::string& id) {
    const fs::path file = stateDirOf(id) / "state.json";
    auto read = readStateFile(file);
    if (!read) {
        // Writes are atomic, so only an edit or a hostile hand makes a bad file: it reads as created.
        if (read.error().code() != ENOENT) log::get("runtime")->warn("ignoring {}", read.error().message());
        return InstanceState{};
    }
    InstanceState s = std::move(*read);
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
