#include <time.h>

#include <cerrno>
#include <cstdlib>

#include "bench/workloads/workload.h"

namespace juxta::workloads {

bool Params::positive(const std::string& name, int64_t& out, std::string& error) const {
    const std::string& v = values_.at(name);
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end || errno || n <= 0) {
        error = "--" + name + " '" + v + "': expected a positive whole number";
        return false;
    }
    out = n;
    return true;
}

int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double secondsSince(int64_t startNs) {
    return double(monotonicNs() - startNs) / 1e9;
}

}  // namespace juxta::workloads
