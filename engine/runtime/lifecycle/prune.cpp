#include "runtime/lifecycle/prune.h"

#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "runtime/layout.h"
#include "runtime/lifecycle/state.h"
#include "runtime/network.h"
#include "runtime/resource_record.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

bool isDefined(const std::string& id) {
    return ::access((containerPaths(id, false).dataState / "container.json").c_str(), F_OK) == 0;
}

// A kept container whose owner (its monitor) is gone — the caller has just reclaimed its record:
// a state that says it runs is stale, and is written as exited for good (a recycled monitor pid
// must not make it look alive again); its console socket goes.
void recordMonitorLost(const std::string& id) {
    ::unlink(consoleSocketOf(id).c_str());
    InstanceState s = loadState(id);
    const bool stale = s.state == RunState::Running || s.state == RunState::Paused ||
                       (s.state == RunState::Exited && !s.exit && s.finishedAtMs == 0);
    if (!stale) return;
    s.state = RunState::Exited;
    s.exit.reset();
    s.finishedAtMs = wallClockMs();
    (void)saveState(id, s);
    ::unlink((stateDirOf(id) / "paused").c_str());
}

}  // namespace

Status reclaimIfOrphaned(const std::string& id) {
    auto record = readRecord(id);
    if (!record) return record.error().code() == ENOENT ? Status() : Status(record.error());
    if (isAlive(record->owner)) return {};
    if (auto st = reclaim(id, *record); !st) return st;
    if (isDefined(id)) recordMonitorLost(id);
    return {};
}

PruneReport pruneOrphans(bool leases) {
    PruneReport report;
    for (const std::string& id : recordedIds()) {
        auto record = readRecord(id);
        if (record && isAlive(record->owner)) continue;
        Status st = record ? reclaim(id, *record) : Status(record.error());
        if (!st) {
            report.failures.push_back(st.error());
            continue;
        }
        if (isDefined(id)) recordMonitorLost(id);
        report.containers.push_back(id);
    }
    if (leases)
        for (const std::string& id : leaseHolders())
            if (!isDefined(id) && ::access(resourceRecordOf(id).c_str(), F_OK) != 0) {
                releaseAddress(id);
                report.leases.push_back(id);
            }
    return report;
}

}  // namespace juxta::runtime
