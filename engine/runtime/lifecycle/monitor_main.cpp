// juxta-monitor ID REPORT_FD: the per-container monitor (see monitor.h); juxta-monitor
// --health-check ID: one run of a container's health check (health.h). Started by
// spawnMonitor() with posix_spawn; forks the real monitor off so that it is nobody's child and
// the starter (juxtactl or the GUI) only reaps this short-lived launcher.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "instances/detached.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/health.h"
#include "runtime/lifecycle/monitor.h"

int main(int argc, char** argv) {
    // The monitor runs its container's health check through this program (health.h): a process of
    // its own, single-threaded, as joining the container's namespaces wants.
    if (argc == 3 && std::string(argv[1]) == "--health-check")
        return juxta::runtime::runHealthCheckOnce(argv[2]);
    // juxta-monitor ID REPORT-FD --attached TIMELINE: a foreground run's (spawnAttachedMonitor).
    const bool attached = argc == 5 && std::string(argv[3]) == "--attached";
    if (argc != 3 && !attached) {
        std::fprintf(stderr, "usage: juxta-monitor CONTAINER-ID REPORT-FD (started by juxtactl start)\n");
        return 2;
    }
    int reportFd = std::atoi(argv[2]);
    auto definition = juxta::runtime::loadDefinition(argv[1]);
    if (!definition) {
        juxta::detached::reportError(reportFd, definition.error());
        return 1;
    }
    std::optional<juxta::PhaseTimeline> timeline;
    if (attached) {
        auto parsed = juxta::PhaseTimeline::fromJson(argv[4]);
        if (!parsed) {
            juxta::detached::reportError(reportFd, parsed.error().wrap("juxta-monitor --attached"));
            return 1;
        }
        timeline = std::move(*parsed);
    }
    return juxta::detached::launch(reportFd,
                                   [&] { juxta::runtime::runMonitor(*definition, reportFd, timeline); });
}
