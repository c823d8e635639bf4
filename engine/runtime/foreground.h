#pragma once
// A container in the foreground (juxtactl run): start, relay the console or forward signals
// until the workload exits, then clean up. SIGINT/SIGTERM/SIGHUP/SIGQUIT to the caller are
// forwarded to the container's init; a second one kills it (an init without a handler ignores
// them, as in any pid namespace).
#include "core/error.h"
#include "runtime/container.h"

namespace juxta::runtime {

struct ForegroundRun {
    ExitStatus exit;
    PhaseTimeline timeline;  // the start-up phases
};

Result<ForegroundRun> runForeground(const ContainerSpec& spec, const StartOptions& options);

}  // namespace juxta::runtime
