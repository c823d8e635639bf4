// juxta-vmm: one VM per process (see launcher.h for the run and config.h for the options).
#include <cstdio>
#include <string>
#include <vector>

#include "core/log.h"
#include "vmm/config.h"
#include "vmm/guarded_thread.h"
#include "vmm/launcher.h"

int main(int argc, char** argv) {
    using namespace juxta::vmm;
    std::vector<std::string> args(argv + 1, argv + argc);
    auto config = parseArgs(args);
    if (!config) {
        bool help = config.error().code() == 0;
        std::fprintf(help ? stdout : stderr, "%s%s\n",
                     help ? "" : "juxta-vmm: ", config.error().message().c_str());
        return help ? 0 : kExitBadInput;
    }
    juxta::log::init({.verbose = config->verbose, .toFile = false, .fileName = "juxta-vmm.log"});
    // The threads catch their own (guarded_thread.h); this catches the main thread's, so an
    // exception unwinds (removing the control socket) and ends with a reason, never std::terminate.
    try {
        return runVmm(*config);
    } catch (...) {
        std::fprintf(stderr, "juxta-vmm: internal error: %s\n",
                     describeException(std::current_exception()).c_str());
        return kExitVmmFailed;
    }
}
