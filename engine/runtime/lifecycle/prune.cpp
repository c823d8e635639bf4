#include "runtime/lifecycle/prune.h"

#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "instances/definition_store.h"
#include "runtime/layout.h"
#include "runtime/lifecycle/state.h"
#include "runtime/network.h"
#include "runtime/resource_record.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

// A kept container whose owner (its monitor) is gone — the caller has just reclaimed its record:
// a state that says it runs is stale (instances::markMonitorLost).
void recordMonitorLost(const std::string& id) {
    ContainerState s = loadState(id);
    if (!instances::markMonitorLost(InstanceKind::Container, id, s)) return;
    s.exit.reset();
    (void)saveState(id, s);
}

}  // namespace

Status reclaimIfOrphaned(const std::string& id) {
    auto record = readRecord(id);
    if (!record) return record.error().code() == ENOENT ? Status() : Status(record.error());
    if (isAlive(record->owner)) return {};
    if (auto st = reclaim(id, *record); !st) return st;
    if (instances::isDefined(InstanceKind::Container, id)) recordMonitorLost(id);
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
        if (instances::isDefined(InstanceKind::Container, id)) recordMonitorLost(id);
        report.containers.push_back(id);
    }
    if (leases)
        for (const std::string& id : leaseHolders())
            if (!instances::isDefined(InstanceKind::Container, id) &&
                ::access(resourceRecordOf(id).c_str(), F_OK) != 0) {
                releaseAddress(id);
                report.leases.push_back(id);
            }
    return report;
}

}  // namespace juxta::runtime
