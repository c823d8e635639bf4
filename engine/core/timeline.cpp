#include "core/timeline.h"

#include <time.h>

#include <algorithm>
#include <cstdio>

namespace juxta {

int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void PhaseTimeline::mark(std::string name, int64_t atNs) {
    phases_.push_back({std::move(name), lastNs_, atNs});
    lastNs_ = atNs;
}

void PhaseTimeline::add(std::string name, int64_t startNs, int64_t endNs) {
    phases_.push_back({std::move(name), startNs, endNs});
    lastNs_ = std::max(lastNs_, endNs);
}

double PhaseTimeline::totalMs() const {
    int64_t end = originNs_;
    for (const Phase& p : phases_) end = std::max(end, p.endNs);
    return double(end - originNs_) / 1e6;
}

std::string PhaseTimeline::toJson() const {
    std::string out;
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"origin_ns\":%lld,\"total_ms\":%.3f,\"phases\":[", (long long)originNs_,
                  totalMs());
    out += buf;
    for (std::size_t i = 0; i < phases_.size(); ++i) {
        const Phase& p = phases_[i];
        std::snprintf(buf, sizeof buf, "%s{\"name\":\"", i ? "," : "");
        out += buf;
        for (char c : p.name)
            if (c != '"' && c != '\\') out += c;  // phase names are identifiers
        std::snprintf(buf, sizeof buf, "\",\"start_ms\":%.3f,\"end_ms\":%.3f,\"duration_ms\":%.3f}",
                      double(p.startNs - originNs_) / 1e6, double(p.endNs - originNs_) / 1e6, p.durationMs());
        out += buf;
    }
    out += "]}";
    return out;
}

}  // namespace juxta
