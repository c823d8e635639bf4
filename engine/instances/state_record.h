#pragma once
// The state record of a started instance, one for every kind: written by its monitor (atomically)
// as paths::runtimeDir()/<kind>s/<id>/state.json, read by juxtactl, the GUI and prune. Here are the
// fields every kind has, where an instance's runtime files lie, and how a record read from disk is
// settled against the processes that are really there; each kind adds its own fields to the same
// JSON object (runtime/lifecycle/state.h, vmm/lifecycle/vm_state.h).
//
//   <runtimeDir>/containers/<id>/state.json   <runtimeDir>/vms/<id>/state.json
//   <stateDir>/containers/<id>.log            <stateDir>/vms/<id>.log
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "core/instance.h"
#include "core/json_reader.h"
#include "core/unique_fd.h"

namespace juxta::instances {

// What every started instance records. `state` is one of Created, Running, Paused, Exited, Crashed
// (Starting, Stopping and Unknown are the GUI's, never written).
struct StateRecord {
    InstanceState state = InstanceState::Created;
    pid_t monitorPid = 0;
    pid_t pid = 0;  // what the monitor runs: the container's init (host pid namespace), or juxta-vmm
    int64_t startedAtMs = 0;
    int64_t finishedAtMs = 0;
};

inline bool isLive(InstanceState s) {
    return s == InstanceState::Running || s == InstanceState::Paused;
}

std::filesystem::path runsDirOf(InstanceKind kind);                         // <runtimeDir>/<kind>s
std::filesystem::path runDirOf(InstanceKind kind, const std::string& id);   // <runtimeDir>/<kind>s/<id>
std::filesystem::path logFileOf(InstanceKind kind, const std::string& id);  // <stateDir>/<kind>s/<id>.log
std::filesystem::path consoleSocketOf(InstanceKind kind, const std::string& id);  // runDirOf/console.sock
// The marker a pause leaves beside state.json while the instance is frozen.
std::filesystem::path pausedMarkerOf(InstanceKind kind, const std::string& id);

// The instance's log, opened by its monitor to append what the instance prints: made 0600 in a
// private directory, never through a symbolic link, its mode set again (a log left by an earlier
// run is the monitor's alone).
Result<UniqueFd> openLog(InstanceKind kind, const std::string& id);

// Writes state.json: the record's fields and the kind's own (`fields`, an object), atomically.
Status saveState(InstanceKind kind, const std::string& id, const StateRecord& record, nlohmann::json fields);

// Reads state.json. `readFields` reads the kind's own fields from the same object; one field of
// the wrong type, anywhere, refuses the whole file. ENOENT when nothing was ever written.
Result<StateRecord> readState(InstanceKind kind, const std::string& id,
                              const std::function<void(const JsonReader&)>& readFields);

// What a record read from disk means now. A Running record whose monitor is gone (`monitorAlive`
// false: killed, or the host rebooted) has ended without saying how: it becomes Crashed (true is
// returned, so the kind can say why). A Running one with the paused marker is Paused.
bool settle(InstanceKind kind, const std::string& id, StateRecord& record, bool monitorAlive);

// After a prune found the monitor gone (and reclaimed what it left): a record that still says the
// instance runs — or was settled to Crashed, with no end time — is stale. It becomes Crashed for
// good, ended now (a recycled monitor pid must not make it look alive again); the paused marker
// and the console socket go. True when the caller is to save it, with the kind's own fields.
bool markMonitorLost(InstanceKind kind, const std::string& id, StateRecord& record);

// The wall clock in ms since the epoch: the records' times.
int64_t wallClockMs();

}  // namespace juxta::instances
