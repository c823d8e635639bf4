#pragma once
// `juxtactl system prune`, and the same run automatically when juxtactl or the GUI starts: what
// a container made and its owner (juxtactl run, a monitor) could not remove because it was killed
// outright. Each container's resource record (runtime/resource_record.h) says what there is and
// who owns it; only records whose owner is gone are touched, so a prune never disturbs a running
// container or a start in progress.
//
// With nothing to prune it reads one directory (or finds none) and, per live container, one
// /proc/PID/stat: cheap enough for every juxtactl command.
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::runtime {

struct PruneReport {
    std::vector<std::string> containers;  // ids whose leftovers were removed
    std::vector<std::string> leases;      // ids whose address went back to the pool
    std::vector<Error> failures;          // what could not be removed (tried again next time)
};

// Reclaims every record whose owner is gone; a kept container whose monitor died is recorded as
// exited, a --rm one removed. `leases` (the thorough prune: `system prune`, the GUI's start): also
// release the leases that neither a defined container nor a record holds (after a reboot emptied
// the runtime directory), and remove the --rm containers that ended or were never started by their
// run (it was killed in between).
PruneReport pruneOrphans(bool leases = true);

// The reclaim of one container, when its owner is gone (`rm` and `start` call it): nothing to do
// when it has no record or a live owner.
Status reclaimIfOrphaned(const std::string& id);

}  // namespace juxta::runtime
