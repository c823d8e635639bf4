#include "compare/proc_usage.h"

#include <linux/kcmp.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "core/read_file.h"

namespace juxta::compare {

std::string outputText(const std::filesystem::path& file) {
    return readFile(file, {.maxBytes = std::size_t(64) << 20}).value_or("");
}
std::optional<double> kbField(std::string_view text, std::string_view key) {
    for (std::size_t at = 0; (at = text.find(key, at)) != std::string_view::npos; at += key.size()) {
        if (at != 0 && text[at - 1] != '\n') continue;
        if (text.substr(at + key.size(), 1) != ":") continue;
        return std::strtod(std::string(text.substr(at + key.size() + 1, 32)).c_str(), nullptr) * 1024;
    }
    return std::nullopt;
}

bool sharesOurMemory(pid_t pid) {
    // kcmp is 0 for the same address space. Unavailable (no CONFIG_KCMP, a pid that is gone): the
    // child is taken to have its own, as before this check existed.
    return ::syscall(SYS_kcmp, ::getpid(), pid, KCMP_VM, 0, 0) == 0;
}

std::optional<double> pssBytes(pid_t pid) {
    // posix_spawn's child wakes its parent before exec gives it a memory of its own (the kernel
    // signals vfork's end, then switches the mm): read in that window, its smaps are the caller's.
    // On a one-CPU machine the woken parent runs first and the first sample found the harness's
    // 11 MB in a 1 MB workload. mm only ever moves away from ours, so checking first is enough.
    if (sharesOurMemory(pid)) return std::nullopt;
    auto text = readFile("/proc/" + std::to_string(pid) + "/smaps_rollup");
    if (!text) return std::nullopt;
    return kbField(*text, "Pss");
}

std::optional<double> cpuMs(pid_t pid) {
    // The process's CPU clock has nanoseconds; /proc/PID/stat counts 10 ms ticks, too coarse for
    // a monitor that runs for a moment.
    clockid_t clock{};
    timespec ts{};
    if (clock_getcpuclockid(pid, &clock) == 0 && clock_gettime(clock, &ts) == 0)
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    return std::nullopt;
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

std::optional<HostMemory> hostMemory() {
    auto text = readFile("/proc/meminfo");
    if (!text) return std::nullopt;
    auto total = kbField(*text, "MemTotal");
    auto available = kbField(*text, "MemAvailable");
    if (!total || !available) return std::nullopt;
    return HostMemory{*total, *available};
}

}  // namespace juxta::compare
