// syscall: the cost of entering and leaving the kernel — getppid through syscall(2), which no
// libc caches and the vDSO does not serve. Under seccomp (the container) the filter runs too.
#include <sys/syscall.h>
#include <unistd.h>

#include "bench/workloads/workload.h"

namespace juxta::workloads {

Output runSyscall(const Params& p) {
    int64_t calls = 0;
    std::string error;
    if (!p.positive("calls", calls, error)) return Output::failure(error);
    long sum = 0;
    const int64_t start = monotonicNs();
    for (int64_t i = 0; i < calls; ++i) sum += ::syscall(SYS_getppid);
    const double seconds = secondsSince(start);
    Output o;
    o.add("calls", double(calls));
    o.add("ns_per_call", seconds * 1e9 / double(calls));
    o.add("checksum", double(sum & 0xffff));
    return o;
}

}  // namespace juxta::workloads
