#pragma once
// What every workload of juxta-workload gets and gives: its parameters (defaults filled in from
// the catalogue) and the fields of its one JSON line, or an error for stderr.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace juxta::workloads {

class Params {
  public:
    explicit Params(std::map<std::string, std::string> values) : values_(std::move(values)) {}
    const std::string& text(const std::string& name) const { return values_.at(name); }
    // The value as a positive integer; the error names the parameter.
    bool positive(const std::string& name, int64_t& out, std::string& error) const;
    // The same, 0 allowed.
    bool nonNegative(const std::string& name, int64_t& out, std::string& error) const;

  private:
    std::map<std::string, std::string> values_;
};

struct Output {
    std::vector<std::pair<std::string, double>> numbers;
    std::vector<std::pair<std::string, std::string>> texts;
    std::string error;  // set: nothing is printed on stdout, this goes to stderr, exit 1
    void add(std::string key, double value) { numbers.emplace_back(std::move(key), value); }
    void add(std::string key, std::string value) { texts.emplace_back(std::move(key), std::move(value)); }
    static Output failure(std::string message) {
        Output o;
        o.error = std::move(message);
        return o;
    }
};

int64_t monotonicNs();
double secondsSince(int64_t startNs);
// The splitmix64 finaliser: a 64-bit integer hash whose every round depends on the last.
inline uint64_t splitmix(uint64_t h) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}
// True when lo is up (or was just brought up: broughtUp set), for the workloads that use loopback.
bool loopbackUp(bool& broughtUp);

Output runCpu(const Params& p);
Output runMemory(const Params& p);
Output runSyscall(const Params& p);
Output runFileio(const Params& p);
Output runBlockread(const Params& p);  // a benchmark's (vm_vs_qemu), not a comparison's
Output runTcpsend(const Params& p);    // the same
Output runTcprecv(const Params& p);    // the same
Output runNet(const Params& p);
Output runIdle(const Params& p);
Output runService(const Params& p);  // service.cpp: the stack scenario's four services

}  // namespace juxta::workloads
