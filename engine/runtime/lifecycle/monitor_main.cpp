// juxta-monitor ID REPORT_FD: the per-container monitor (see monitor.h). Started by
// spawnMonitor() with posix_spawn; forks the real monitor off so that it is nobody's child and
// the starter (juxtactl or the GUI) only reaps this short-lived launcher.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/monitor.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: juxta-monitor CONTAINER-ID REPORT-FD (started by juxtactl start)\n");
        return 2;
    }
    const int reportFd = std::atoi(argv[2]);
    auto definition = juxta::runtime::loadDefinition(argv[1]);
    if (!definition) {
        const std::string line =
            "error " + std::to_string(definition.error().code()) + " " + definition.error().message();
        (void)!write(reportFd, line.data(), line.size());
        return 1;
    }
    const pid_t monitor = fork();
    if (monitor < 0) {
        const std::string line = "error 11 start monitor: fork failed";
        (void)!write(reportFd, line.data(), line.size());
        return 1;
    }
    if (monitor == 0) juxta::runtime::runMonitor(*definition, reportFd);
    return 0;
}
