#pragma once
// Monitors that outlive whoever started them (a container's juxta-monitor, a VM's
// juxta-vm-monitor), and how their starter learns whether the start worked:
//
//   starter --posix_spawn--> launcher (PROGRAM ID 3) --fork--> monitor (setsid) ...
//
// The launcher exits at once, so the monitor is nobody's child and the starter (juxtactl or the
// multi-threaded GUI: posix_spawn is safe there) only reaps the launcher. The monitor writes one
// report on fd 3 — "ok <text>" or "error <errno> <message>" — and closes it.
#include <filesystem>
#include <functional>
#include <string>

#include "core/error.h"

namespace juxta::detached {

// Starts `program id 3` and waits for the report: the text after "ok ", or the monitor's error.
// `what` names the monitor in errors ("the monitor of container 1a2b").
Result<std::string> spawnMonitor(const std::filesystem::path& program, const std::string& id,
                                 const std::string& what);

// The launcher's main: forks `run` off (it must not return) and returns the launcher's exit status.
int launch(int reportFd, const std::function<void()>& run);

// In the monitor: a new session, hang-ups ignored, the report fd moved to 3 and every other fd
// closed, stdio on /dev/null — nothing of the starter's stays open for the instance's lifetime.
void detachFromStarter(int& reportFd);
// Writes the report once and closes the fd (later calls do nothing).
void report(int& reportFd, const std::string& line);
void reportError(int& reportFd, const Error& error);

// A helper program: $ENV_VAR, else beside the running executable (build/bin, the install's bin/),
// else `installed`.
std::filesystem::path helperExecutable(const char* name, const char* envVar, const char* installed);

}  // namespace juxta::detached
