// juxtactl compose config [-f FILE] [-p PROJECT] [--as container|vm]: the compose file read as
// Juxta runs it (compose/parse.h) — interpolated, every default filled in, each service's kind —
// printed as YAML; or the one error that refuses it, with its line and column. (up, down, ps and
// logs come with the rest of issue 16.)
#include <cstdio>

#include "compose/parse.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"

namespace juxta::cli {
namespace {

int composeConfig(const Argv& argv) {
    auto args = Args::parse(argv, {.options = {"-f", "--file", "-p", "--project-name", "--as"}});
    if (!args) return usageError(args.error().message(), "compose");
    if (!args->positionals().empty()) return usageError("compose config takes no argument", "compose");
    std::optional<compose::RunAs> as;
    if (auto a = args->value("--as")) {
        if (*a != "container" && *a != "vm") return usageError("--as container or --as vm", "compose");
        as = *a == "vm" ? compose::RunAs::Vm : compose::RunAs::Container;
    }
    const std::string file = args->value("-f").value_or(args->value("--file").value_or(""));
    const std::string project = args->value("-p").value_or(args->value("--project-name").value_or(""));
    auto p = compose::loadProject(file, project, as);
    if (!p) return fail(p.error().message());
    std::fputs(compose::toYaml(*p).c_str(), stdout);
    return 0;
}

}  // namespace

int cmdCompose(const Argv& argv) {
    if (argv.empty()) return usageError("missing subcommand (config)", "compose");
    const Argv rest(argv.begin() + 1, argv.end());
    if (argv[0] == "config") return composeConfig(rest);
    if (argv[0] == "up" || argv[0] == "down" || argv[0] == "ps" || argv[0] == "logs")
        return fail("compose " + argv[0] + " is not there yet: `compose config` reads and checks the file");
    return usageError("unknown subcommand '" + argv[0] + "'", "compose");
}

}  // namespace juxta::cli
