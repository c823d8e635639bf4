#pragma once
// The VM side of `juxtactl system prune` (runtime/lifecycle/prune.h): a VM's monitor writes
// vmStateDirOf(id)/resources (core/owner_record.h) before it makes anything —
//   socket <path>              juxta-vmm's api.sock, the console socket
//   vmm <pid> <start-time>     juxta-vmm, killed if it is still that process
// — and removes it when the VM has ended. A record whose monitor is gone is reclaimed: juxta-vmm
// killed (its keeper normally did that already), the sockets unlinked, the VM recorded as crashed.
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::vmm {

std::string vmResourceRecordName();  // "resources", in vmStateDirOf(id)
// Nothing to do when the VM has no record or its monitor is alive.
Status reclaimVmIfOrphaned(const std::string& id);
// Every VM's; returns the ids reclaimed.
std::vector<std::string> pruneVmOrphans();

}  // namespace juxta::vmm
