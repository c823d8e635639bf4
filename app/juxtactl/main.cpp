// juxtactl: Juxta's command line. Argument dispatch only; the work is done by the engine.
#include <cstdio>
#include <cstring>
#include <string>

#include "core/log.h"
#include "core/sealed_exe.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/prune.h"
#include "vmm/lifecycle/vm_prune.h"

namespace {

void printHelp() {
    std::printf("usage: juxtactl [--verbose] COMMAND [ARGS...]\n\ncommands:\n");
    for (const auto& c : juxta::cli::commands()) std::printf("  %-40s %s\n", c.usage, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
    int i = 1;
    bool verbose = false;
    for (; i < argc && argv[i][0] == '-'; ++i) {
        if (!std::strcmp(argv[i], "--verbose") || !std::strcmp(argv[i], "-v")) {
            verbose = true;
        } else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            printHelp();
            return 0;
        } else if (!std::strcmp(argv[i], "--version")) {
            std::printf("juxtactl %s\n", JUXTA_VERSION);
            return 0;
        } else {
            return juxta::cli::fail(std::string("unknown option ") + argv[i] + " — see juxtactl --help", 2);
        }
    }
    if (i >= argc) {
        printHelp();
        return 2;
    }
    // The log file is opened lazily: a CLI that only prints should not pay for it.
    juxta::log::init({.verbose = verbose, .toFile = verbose});
    const std::string name = argv[i];
    // A process that joins a running container, where other processes may already wait for it,
    // runs from a sealed copy of juxtactl, never from the file itself (core/sealed_exe.h). A new
    // container's init is alone in its namespaces until it execs, and execs through a sealed
    // trampoline (runtime/exec_trampoline.h), so `run` needs no copy.
    if (name == "exec")
        if (auto sealed = juxta::reexecFromSealedCopy(argv); !sealed)
            return juxta::cli::fail(sealed.error().message(), 1);
    // What a killed juxtactl, monitor or GUI left goes before anything else runs (`system prune`
    // says what it removed; here it is quiet). Leases are left to `system prune`: reading every
    // lease file is the one part that grows with the number of containers.
    if (name != "system") {
        for (const auto& e : juxta::runtime::pruneOrphans(/*leases=*/false).failures)
            juxta::log::get("cli")->debug("prune: {}", e.message());
        juxta::vmm::pruneVmOrphans();
    }
    for (const auto& c : juxta::cli::commands())
        if (name == c.name) return c.run(juxta::cli::Argv(argv + i + 1, argv + argc));
    return juxta::cli::fail("unknown command '" + name + "' — see juxtactl --help", 2);
}
