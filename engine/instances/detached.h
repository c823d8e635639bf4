#pragma once
// Monitors that outlive whoever started them (a container's juxta-monitor, a VM's
// juxta-vm-monitor), and how their starter learns whether the start worked:
//
//   starter --posix_spawn--> launcher (PROGRAM ID 3) --fork--> monitor (setsid) ...
//
// The launcher exits at once, so the monitor is nobody's child and the starter (juxtactl or the
// multi-threaded GUI: posix_spawn is safe there) only reaps the launcher. The monitor writes
// "pid <pid>\n" on fd 3 as it begins, then one report — "ok <text>" or "error <errno> <message>" —
// and closes it. After an error the starter waits (a few seconds at most) for the monitor to be
// gone, so a failed start leaves no process behind when it returns.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::detached {

// Longer than any start a monitor makes before it reports (a VM's: 60 s for juxta-vmm to serve,
// after building tiny-linux once).
inline constexpr std::chrono::seconds kReportTimeout{150};

// Starts `program id 3` and waits for the report: the text after "ok ", or the monitor's error.
// `what` names the monitor in errors ("the monitor of container 1a2b"). A monitor that has not
// reported within `timeout` is left as it is (it may still start; its state file says) and the
// start fails with ETIMEDOUT, so no caller waits forever on a monitor that is stuck.
// `attach` hands the monitor more of the starter's fds and arguments: attach.fds[i] becomes its
// fd 4 + i, attach.args follow `id 3` on its command line.
struct Attach {
    std::vector<int> fds;
    std::vector<std::string> args;
};
Result<std::string> spawnMonitor(const std::filesystem::path& program, const std::string& id,
                                 const std::string& what, std::chrono::milliseconds timeout = kReportTimeout,
                                 const Attach& attach = {});

// The launcher's main: forks `run` off (it must not return) and returns the launcher's exit status.
int launch(int reportFd, const std::function<void()>& run);

// In the monitor: a new session, hang-ups ignored, the report fd moved to 3 and every other fd
// closed, stdio on /dev/null — nothing of the starter's stays open for the instance's lifetime
// but the `keep` fds it handed over (4 to 3 + keep, made close-on-exec).
void detachFromStarter(int& reportFd, int keep = 0);
// Writes the report once and closes the fd (later calls do nothing).
void report(int& reportFd, const std::string& line);
void reportError(int& reportFd, const Error& error);

// A helper program: $ENV_VAR, else beside the running executable (build/bin, the install's bin/),
// else in ../libexec/juxta/ from it (the install's, whatever its prefix), else `installed`.
std::filesystem::path helperExecutable(const char* name, const char* envVar, const char* installed);

}  // namespace juxta::detached
