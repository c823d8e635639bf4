// juxtactl exec [-t] CONTAINER [--] CMD ARGS...: a process in a running container, in the
// foreground; exits with its exit code (128 + N when killed by signal N). Parsing only: the
// lifecycle finds the container, the runtime (engine/runtime/exec.h) joins it.
#include <unistd.h>

#include <cstdio>

#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/lifecycle.h"

namespace juxta::cli {

int cmdExec(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"-t"}, .positionalsEndOptions = true});
    if (!args) return usageError(args.error().message(), "exec");
    if (args->positionals().empty()) return usageError("missing CONTAINER", "exec");
    std::vector<std::string> command = args->rest();
    if (!command.empty() && command[0] == "--") command.erase(command.begin());  // CONTAINER -- CMD
    if (command.empty()) return usageError("missing CMD", "exec");
    const bool terminal = args->has("-t");
    if (terminal && !::isatty(STDIN_FILENO)) return usageError("-t needs a terminal on stdin", "exec");
    auto id = runtime::resolveInstance(args->positionals()[0]);
    if (!id) return fail(id.error().message());
    auto exit = runtime::execInInstance(*id, command, terminal);
    if (!exit) return fail(exit.error().message());
    if (exit->signal) std::fprintf(stderr, "juxtactl: exec %s\n", exit->describe().c_str());
    return exit->shellCode();
}

}  // namespace juxta::cli
