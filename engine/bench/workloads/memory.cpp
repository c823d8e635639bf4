// memory: sequential write and read bandwidth over a buffer (default 64 MiB, larger than the
// LLC of the machines we target) and the latency of dependent random reads, one per cache line,
// along a single random cycle (Sattolo's algorithm) so the prefetcher cannot guess the next one.
#include <sys/mman.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench/workloads/workload.h"

namespace juxta::workloads {
namespace {

constexpr std::size_t kLine = 64 / sizeof(uint64_t);  // uint64 slots per cache line

uint64_t xorshift(uint64_t& s) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

}  // namespace

Output runMemory(const Params& p) {
    int64_t mib = 0, passes = 0;
    std::string error;
    if (!p.positive("mib", mib, error) || !p.positive("passes", passes, error)) return Output::failure(error);
    const std::size_t bytes = std::size_t(mib) << 20;
    void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return Output::failure("cannot map " + std::to_string(mib) + " MiB");
    auto* buf = static_cast<uint64_t*>(mem);
    const std::size_t words = bytes / sizeof(uint64_t);
    for (std::size_t i = 0; i < words; i += 512) buf[i] = i;  // fault every page in before timing

    int64_t start = monotonicNs();
    for (int64_t pass = 0; pass < passes; ++pass)
        for (std::size_t i = 0; i < words; ++i) buf[i] = i + uint64_t(pass);
    const double writeS = secondsSince(start);

    start = monotonicNs();
    uint64_t sum = 0;
    for (int64_t pass = 0; pass < passes; ++pass)
        for (std::size_t i = 0; i < words; ++i) sum += buf[i];
    const double readS = secondsSince(start);

    // One random cycle through every cache line: slot i holds the index of the next line.
    const std::size_t lines = words / kLine;
    std::vector<uint32_t> order(lines);
    for (std::size_t i = 0; i < lines; ++i) order[i] = uint32_t(i);
    uint64_t seed = 0x2545f4914f6cdd1dull;
    for (std::size_t i = lines - 1; i > 0; --i) std::swap(order[i], order[xorshift(seed) % i]);
    for (std::size_t i = 0; i < lines; ++i) buf[order[i] * kLine] = order[(i + 1) % lines] * kLine;
    const std::size_t hops = std::min<std::size_t>(lines, 4u << 20);
    start = monotonicNs();
    uint64_t at = order[0] * kLine;
    for (std::size_t i = 0; i < hops; ++i) at = buf[at];
    const double chaseS = secondsSince(start);
    munmap(mem, bytes);

    const double moved = double(bytes) * double(passes);
    Output o;
    o.add("buffer_bytes", double(bytes));
    o.add("write_gb_per_s", moved / writeS / 1e9);
    o.add("read_gb_per_s", moved / readS / 1e9);
    o.add("latency_ns", chaseS * 1e9 / double(hops));
    o.add("checksum", double((sum ^ at) >> 11));
    return o;
}

}  // namespace juxta::workloads
