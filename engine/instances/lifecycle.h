#pragma once
// One lifecycle for every kind of instance: start, stop, restart, pause, resume and remove are
// written here once, over what each kind does its own way (Kind). The runtime implements Kind
// for containers (runtime::containers()), the VMM for VMs (vmm::vms()); juxtactl and the GUI's
// lifecycle thread call these verbs with one or the other. Every verb may be called from any
// process and thread: a start posix_spawns the instance's monitor, nothing here forks.
//
// The record of what happened is the monitor's (state_record.h); a verb that changes the state
// returns once the record says so, or says why not.
#include <chrono>
#include <string>

#include "core/error.h"
#include "core/instance.h"
#include "instances/state_record.h"

namespace juxta::instances {

// What one kind of instance does differently. The verbs below call these in a fixed order, check
// the state around them and word the errors; an implementation only acts.
class Kind {
  public:
    virtual ~Kind() = default;
    virtual InstanceKind kind() const = 0;
    // "container", "VM": how messages name the kind.
    virtual const char* noun() const = 0;
    // The name its definition gives; the definition's error (ENOENT: not defined) when unreadable.
    virtual Result<std::string> nameOf(const std::string& id) const = 0;
    // Its state record as it stands now (read and settled).
    virtual StateRecord record(const std::string& id) const = 0;
    // Starts its monitor; returns once the payload runs, or with the monitor's error.
    virtual Status launch(const std::string& id) const = 0;
    // Asks the running payload to end and forces it after `grace`; may return before it ended.
    virtual Status end(const std::string& id, std::chrono::milliseconds grace) const = 0;
    // Freezes and thaws the running payload (the cgroup freezer, the vCPUs).
    virtual Status freeze(const std::string& id) const = 0;
    virtual Status thaw(const std::string& id) const = 0;
    // What a monitor killed outright left (processes, sockets, a cgroup) is reclaimed and its
    // record marked crashed; nothing happens while the monitor lives (core/owner_record.h).
    virtual Status reclaimIfOrphaned(const std::string& id) const = 0;
    // Gives back what the ended instance holds outside its directories (a cgroup, an address);
    // called while its definition is still there.
    virtual Status release(const std::string& id) const = 0;
    // Removes what the kind keeps in the definition's directory besides the definition (a
    // container's writable layer); called after the definition file is gone.
    virtual Status removeData(const std::string& id) const = 0;
};

// EBUSY when it runs already. Its restart policy applies again, its restart count starts over.
Status start(const Kind& kind, const std::string& id);
// start() for a restart policy's restart (restart.h): the stop mark and the count are left alone.
Status startForRestart(const Kind& kind, const std::string& id);
// Asks it to end, forced after `grace`; returns once the monitor recorded the end. A paused one
// is thawed first (frozen tasks and vCPUs cannot shut down). ESRCH when it is not running.
Status stop(const Kind& kind, const std::string& id,
            std::chrono::milliseconds grace = std::chrono::seconds(10));
// stop (when running), then start again from the same definition.
Status restart(const Kind& kind, const std::string& id,
               std::chrono::milliseconds grace = std::chrono::seconds(10));
Status pause(const Kind& kind, const std::string& id);
Status resume(const Kind& kind, const std::string& id);
// Removes its definition, data, state and log; a running one only with force (ended at once
// first). The definition goes first, so a removal stopped half-way leaves nothing that looks whole.
Status remove(const Kind& kind, const std::string& id, bool force);
// Until its record no longer says it runs; ETIMEDOUT after `timeout`.
Status waitForEnd(const Kind& kind, const std::string& id, std::chrono::milliseconds timeout);

}  // namespace juxta::instances
