// idle: sleep, then report the resident set — the footprint of an instance doing nothing.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bench/workloads/workload.h"

namespace juxta::workloads {

Output runIdle(const Params& p) {
    int64_t seconds = 0;
    std::string error;
    if (!p.positive("seconds", seconds, error)) return Output::failure(error);
    timespec left{time_t(seconds), 0};
    while (nanosleep(&left, &left) != 0) {
    }
    long rssKib = -1;
    if (FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f))
            if (std::strncmp(line, "VmRSS:", 6) == 0) rssKib = std::strtol(line + 6, nullptr, 10);
        std::fclose(f);
    }
    if (rssKib < 0) return Output::failure("cannot read VmRSS from /proc/self/status (is /proc mounted?)");
    Output o;
    o.add("seconds", double(seconds));
    o.add("rss_kib", double(rssKib));
    return o;
}

}  // namespace juxta::workloads
