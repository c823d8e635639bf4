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

int cmdRestart(const Argv& argv) {
    auto args = Args::parse(argv, {.options = {"--time"}});
    if (!args) return usageError(args.error().message(), "restart");
    if (args->positionals().empty()) return usageError("missing CONTAINER", "restart");
    int seconds = 10;
    if (auto t = args->value("--time")) {
        char* end = nullptr;
        seconds = int(std::strtol(t->c_str(), &end, 10));
        if (!end || *end || seconds < 0)
            return usageError("--time '" + *t + "': not a number of seconds", "restart");
    }
    int code = 0;
    for (const auto& name : args->positionals()) {
        auto id = runtime::resolveInstance(name);
        Status st = id ? runtime::restartInstance(*id, std::chrono::seconds(seconds)) : Status(id.error());
        if (!st)
            code = fail(st.error().message());
        else
            std::printf("%s\n", name.c_str());
    }
    return code;
}

}  // namespace juxta::cli
