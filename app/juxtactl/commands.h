#pragma once
// juxtactl's subcommands. Each cmd_*.cpp parses its own arguments and calls into the engine;
// main.cpp only dispatches. A command returns the process exit code (0 ok, 1 failed, 2 bad usage).
#include <chrono>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/labels.h"
#include "images/extract_limits.h"
#include "juxtactl/args.h"

namespace juxta::cli {

using Argv = std::vector<std::string>;  // the arguments after the command name

struct Command {
    const char* name;
    const char* usage;    // one line: "host [--json]"
    const char* summary;  // one line: what it does
    int (*run)(const Argv& args);
};

// The table main() dispatches over.
const std::vector<Command>& commands();

// Prints "juxtactl: <message>" to stderr and returns the exit code to use.
int fail(const std::string& message, int exitCode = 1);
int usageError(const std::string& message, const char* command);

// "juxtactl <command> [flags] NAME..." for containers and VMs alike: each name is resolved to an
// id and acted on, and printed when done; the first failure sets the exit code. Bad usage goes to
// `usage(message)`.
int forEachInstance(const Argv& argv, const ArgSpec& spec, const char* missing,
                    const std::function<int(const std::string& message)>& usage,
                    const std::function<Result<std::string>(const std::string& name)>& resolve,
                    const std::function<Status(const Args&, const std::string& id)>& action);
// --max-size / --min-free over JUXTA_MAX_SIZE / JUXTA_MIN_FREE: how far an import or a pull may unpack.
Result<images::ExtractLimits> importLimits(const Args& args);
// --time S: how long a stop waits for the instance to end by itself before forcing it (10 s).
Result<std::chrono::seconds> stopGrace(const Args& args);
// --label KEY[=VALUE] (repeatable): checked as core/labels.h says, none under "juxta.".
Result<Labels> labelFlags(const Args& args);
// "500ms", "90s", "10m", "24h", "30d" (or a bare number of seconds) in milliseconds.
Result<int64_t> durationMs(const std::string& text);

// This terminal on a connected console socket (cmd_console.cpp), in raw mode while it lasts:
// what comes is written to stdout, what is typed sent, until the instance ends (the socket
// closes), Ctrl-] detaches (with a terminal on stdin) or SIGINT/SIGTERM/SIGHUP/SIGQUIT comes.
struct ConsoleRelayed {
    enum class Ending { ContainerEnded, Detached, Signalled } ending;
    int signal = 0;
};
Result<ConsoleRelayed> relayConsole(int socket);

int cmdHost(const Argv& args);
int cmdRun(const Argv& args);
int cmdImages(const Argv& args);
int cmdImage(const Argv& args);
int cmdPull(const Argv& args);
int cmdLogin(const Argv& args);
int cmdLogout(const Argv& args);
int cmdCreate(const Argv& args);
int cmdStart(const Argv& args);
int cmdStop(const Argv& args);
int cmdKill(const Argv& args);
int cmdPause(const Argv& args);
int cmdResume(const Argv& args);
int cmdRm(const Argv& args);
int cmdVolume(const Argv& args);
int cmdCompose(const Argv& args);
int cmdPs(const Argv& args);
int cmdLogs(const Argv& args);
int cmdConsole(const Argv& args);
int cmdCompare(const Argv& args);
int cmdDensity(const Argv& args);
int cmdVm(const Argv& args);
int cmdSystem(const Argv& args);
int cmdStats(const Argv& args);
int cmdMetrics(const Argv& args);

// The container commands cover VMs too: a name that is a VM (and not a container) goes to `vm SUB`.
std::optional<int> forwardToVm(const char* subcommand, const Argv& args);
// A VM's id when `name` is a VM and not a container.
std::optional<std::string> vmOnly(const std::string& name);
// `vm ps --json` rows (kind "vm"), the live ones unless `all`.
nlohmann::json vmPsRows(bool all);
int cmdExec(const Argv& args);
int cmdRestart(const Argv& args);

}  // namespace juxta::cli
