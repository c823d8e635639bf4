#pragma once
// What the harness reads about processes and the host while a variant runs: proportional set
// size (shared pages split among their users, so a container's and a VM's costs add up), CPU time,
// and the host's available memory. Absent when the process or file is gone.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace juxta::compare {

// Pss of /proc/PID/smaps_rollup; absent while PID still runs in the caller's memory (a child
// between posix_spawn's return and its exec).
std::optional<double> pssBytes(pid_t pid);
bool sharesOurMemory(pid_t pid);         // PID's address space is the caller's (kcmp KCMP_VM)
std::optional<double> cpuMs(pid_t pid);  // its CPU time so far (all threads)
double threadCpuMs();                    // the calling thread's CPU time
struct HostMemory {
    double totalBytes = 0;
    double availableBytes = 0;
};
std::optional<HostMemory> hostMemory();  // /proc/meminfo

// A workload's output as the instance left it (a log, a console), or nothing when unreadable.
std::string outputText(const std::filesystem::path& file);

// The value after `key` in a "Key:   123 kB" line of text, in bytes (kB multiplied out).
std::optional<double> kbField(std::string_view text, std::string_view key);

}  // namespace juxta::compare
