#include "runtime/process_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/read_file.h"

namespace juxta::runtime {
namespace {

std::string pidNamespaceOf(const std::string& pid) {
    char target[64] = {};
    const ssize_t n = ::readlink(("/proc/" + pid + "/ns/pid").c_str(), target, sizeof target - 1);
    return n > 0 ? std::string(target, std::size_t(n)) : std::string();
}

// The value after "key" (e.g. "Pss:") in a /proc file of "key value" lines, or 0.
int64_t fieldOf(const std::string& file, const std::string& key) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(key, 0) == 0) return std::strtoll(line.c_str() + key.size(), nullptr, 10);
    return 0;
}

// utime + stime + cutime + cstime in clock ticks, and the thread count, from /proc/PID/stat.
bool readStat(const std::string& pid, int64_t& ticks, int64_t& threads) {
    const std::string text = readFile("/proc/" + pid + "/stat").value_or("");
    const std::size_t close = text.rfind(')');  // the command name may hold spaces and parentheses
    if (close == std::string::npos) return false;
    std::istringstream fields(text.substr(close + 2));
    std::string f;
    // Fields from 3 (state) on: utime is 14, stime 15, cutime 16, cstime 17, num_threads 20.
    for (int i = 3; i <= 20 && fields >> f; ++i) {
        if (i >= 14 && i <= 17) ticks += std::strtoll(f.c_str(), nullptr, 10);
        if (i == 20) threads = std::strtoll(f.c_str(), nullptr, 10);
    }
    return true;
}

}  // namespace

Result<CgroupStats> processTreeStats(pid_t init) {
    const std::string ns = pidNamespaceOf(std::to_string(init));
    if (ns.empty()) return Error(ESRCH, "container init " + std::to_string(init) + " is gone");
    CgroupStats s;
    s.fromProcesses = true;
    s.memoryPeak = CgroupStats::kUnavailable;
    s.oomKills = CgroupStats::kUnavailable;
    int64_t ticks = 0;
    DIR* proc = ::opendir("/proc");
    if (!proc) return Error::fromErrno("open /proc");
    while (dirent* e = ::readdir(proc)) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        const std::string pid = e->d_name;
        if (pidNamespaceOf(pid) != ns) continue;  // another container's, the host's, or not ours to read
        int64_t threads = 0;
        if (!readStat(pid, ticks, threads)) continue;  // exited meanwhile
        s.pids += threads;
        const std::string dir = "/proc/" + pid + "/";
        s.memoryCurrent += fieldOf(dir + "smaps_rollup", "Pss:") * 1024;
        s.ioReadBytes += fieldOf(dir + "io", "read_bytes:");
        s.ioWriteBytes += fieldOf(dir + "io", "write_bytes:");
    }
    ::closedir(proc);
    s.cpuUsageNs = ticks * (1'000'000'000 / ::sysconf(_SC_CLK_TCK));
    return s;
}

}  // namespace juxta::runtime
