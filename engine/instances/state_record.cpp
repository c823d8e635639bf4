#include "instances/state_record.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/paths.h"

namespace juxta::instances {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string folderOf(InstanceKind kind) {
    return toString(kind) + "s";  // containers, vms
}

// The states a record may hold; anything else in a file is refused.
bool isRecordable(InstanceState s) {
    return s == InstanceState::Created || s == InstanceState::Running || s == InstanceState::Paused ||
           s == InstanceState::Exited || s == InstanceState::Crashed;
}

}  // namespace

fs::path runsDirOf(InstanceKind kind) {
    return paths::runtimeDir() / folderOf(kind);
}
fs::path runDirOf(InstanceKind kind, const std::string& id) {
    return runsDirOf(kind) / id;
}
fs::path logFileOf(InstanceKind kind, const std::string& id) {
    return paths::stateDir() / folderOf(kind) / (id + ".log");
}
fs::path consoleSocketOf(InstanceKind kind, const std::string& id) {
    return runDirOf(kind, id) / "console.sock";
}
fs::path pausedMarkerOf(InstanceKind kind, const std::string& id) {
    return runDirOf(kind, id) / "paused";
}

Result<UniqueFd> openLog(InstanceKind kind, const std::string& id) {
    const fs::path file = logFileOf(kind, id);
    auto dir = paths::ensureDir(file.parent_path());
    if (!dir) return dir.error();
    UniqueFd log(::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!log || ::fchmod(log.get(), 0600) < 0) return Error::fromErrno("open log " + file.string());
    return log;
}

Status saveState(InstanceKind kind, const std::string& id, const StateRecord& r, json fields) {
    auto dir = paths::ensureDir(runDirOf(kind, id));
    if (!dir) return dir.error();
    json j = fields.is_object() ? std::move(fields) : json::object();
    // A paused instance is recorded as running: the marker says paused, and goes with the freeze.
    j["state"] = std::string(toString(r.state == InstanceState::Paused ? InstanceState::Running : r.state));
    j["monitor_pid"] = r.monitorPid;
    j["pid"] = r.pid;
    j["started_at_ms"] = r.startedAtMs;
    j["finished_at_ms"] = r.finishedAtMs;
    // The runtime directory: its processes are gone after a reboot, so only atomicity matters.
    return writeFileAtomically(*dir / "state.json", j.dump(2) + "\n", 0600, Durability::AtomicOnly);
}

Result<StateRecord> readState(InstanceKind kind, const std::string& id,
                              const std::function<void(const JsonReader&)>& readFields) {
    const fs::path file = runDirOf(kind, id) / "state.json";
    auto j = readBoundedJsonFile(file, kStateJsonLimits, "state file");
    if (!j) return j.error();
    const JsonReader r(*j, "state file " + file.string());
    StateRecord s;
    const std::string state = r.string("state", "created");
    s.state = InstanceState::Unknown;
    for (InstanceState candidate :
         {InstanceState::Created, InstanceState::Running, InstanceState::Exited, InstanceState::Crashed})
        if (state == toString(candidate)) s.state = candidate;
    if (!isRecordable(s.state)) r.field("state").fail("unknown state \"" + state + "\"");
    s.monitorPid = r.integer<pid_t>("monitor_pid", 0);
    s.pid = r.integer<pid_t>("pid", 0);
    s.startedAtMs = r.integer<int64_t>("started_at_ms", 0);
    s.finishedAtMs = r.integer<int64_t>("finished_at_ms", 0);
    if (readFields) readFields(r);
    if (Status ok = r.status(); !ok) return ok.error();
    return s;
}

bool settle(InstanceKind kind, const std::string& id, StateRecord& s, bool monitorAlive) {
    if (s.state != InstanceState::Running) return false;
    if (!monitorAlive) {
        s.state = InstanceState::Crashed;
        return true;
    }
    std::error_code ec;
    if (fs::exists(pausedMarkerOf(kind, id), ec)) s.state = InstanceState::Paused;
    return false;
}

bool markMonitorLost(InstanceKind kind, const std::string& id, StateRecord& s) {
    std::error_code ec;
    fs::remove(consoleSocketOf(kind, id), ec);
    if (!isLive(s.state) && !(s.state == InstanceState::Crashed && s.finishedAtMs == 0)) return false;
    s.state = InstanceState::Crashed;
    s.finishedAtMs = wallClockMs();
    fs::remove(pausedMarkerOf(kind, id), ec);
    return true;
}

int64_t wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace juxta::instances
