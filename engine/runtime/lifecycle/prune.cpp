#include "runtime/lifecycle/prune.h"

#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "instances/definition_store.h"
#include "runtime/layout.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/lifecycle.h"
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

// A --rm container is removed by its monitor when it ends; one whose monitor was killed goes here.
bool removedIfEphemeral(const std::string& id) {
    auto d = loadDefinition(id);
    return d && d->ephemeral && instances::remove(containers(), id, false);
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
        if (instances::isDefined(InstanceKind::Container, id) && !removedIfEphemeral(id))
            recordMonitorLost(id);
        report.containers.push_back(id);
    }
    // --rm containers whose run or monitor was killed before they were removed: ended, or never
    // started by their run.
    if (leases)
        if (auto all = listDefinitions(); all)
            for (const InstanceDefinition& d : *all) {
                if (!d.ephemeral) continue;
                const InstanceState state = loadState(d.spec.id).state;
                const bool abandoned =
                    state == InstanceState::Created && (!d.creator || !isAlive(*d.creator));
                if ((state == InstanceState::Exited || state == InstanceState::Crashed || abandoned) &&
                    instances::remove(containers(), d.spec.id, false))
                    report.containers.push_back(d.spec.id);
            }
    if (leases)
        for (const std::string& id : leaseHolders())
            // A VM on the bridge holds a lease from the same pool (vm --net bridge) until vm rm.
            if (!instances::isDefined(InstanceKind::Container, id) &&
                !instances::isDefined(InstanceKind::Vm, id) &&
                ::access(resourceRecordOf(id).c_str(), F_OK) != 0) {
                releaseAddress(id);
                report.leases.push_back(id);
            }
    return report;
}

}  // namespace juxta::runtime
