#include <time.h>

#include <cerrno>
#include <cstdlib>

#include "bench/workloads/workload.h"

namespace juxta::workloads {

namespace {

bool wholeAtLeast(const std::string& name, const std::string& v, long long min, const char* expected,
                  int64_t& out, std::string& error) {
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end || errno || n < min) {
        error = "--" + name + " '" + v + "': expected " + expected;
        return false;
    }
    out = n;
    return true;
}

}  // namespace

bool Params::positive(const std::string& name, int64_t& out, std::string& error) const {
    return wholeAtLeast(name, values_.at(name), 1, "a positive whole number", out, error);
}

bool Params::nonNegative(const std::string& name, int64_t& out, std::string& error) const {
    return wholeAtLeast(name, values_.at(name), 0, "a whole number from 0", out, error);
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
