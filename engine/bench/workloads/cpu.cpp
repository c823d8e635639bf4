// cpu: a fixed number of rounds of a 64-bit integer hash (the splitmix64 finaliser), each round
// depending on the last so the compiler can neither vectorise nor skip it.
#include "bench/workloads/workload.h"

namespace juxta::workloads {

Output runCpu(const Params& p) {
    int64_t ops = 0;
    std::string error;
    if (!p.positive("ops", ops, error)) return Output::failure(error);
    const int64_t start = monotonicNs();
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int64_t i = 0; i < ops; ++i) h = splitmix(h ^ uint64_t(i));
    const double seconds = secondsSince(start);
    Output o;
    o.add("ops", double(ops));
    o.add("seconds", seconds);
    o.add("ops_per_s", double(ops) / seconds);
    o.add("checksum", double(h >> 11));  // exact in a double; printing it keeps the loop alive
    return o;
}

}  // namespace juxta::workloads
