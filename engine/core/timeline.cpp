#include "core/timeline.h"

#include <signal.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace juxta {

int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

namespace {

// Test hook: JUXTA_TEST_STOP_AFTER_PHASE=<phase> makes the process that marks that phase SIGKILL
// itself right after it, as a crash at that moment of a start would (tests/integration/runtime/
// test_kill_during_start.cpp). Read once; unset, it costs one comparison per phase.
void stopIfAsked(const std::string& phase) {
    static const char* const stopAfter = std::getenv("JUXTA_TEST_STOP_AFTER_PHASE");
    if (stopAfter && phase == stopAfter) ::raise(SIGKILL);
}

}  // namespace

void PhaseTimeline::mark(std::string name, int64_t atNs) {
    phases_.push_back({std::move(name), lastNs_, atNs});
    lastNs_ = atNs;
    stopIfAsked(phases_.back().name);
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

Result<PhaseTimeline> PhaseTimeline::fromJson(const std::string& json) {
    try {
        const auto j = nlohmann::json::parse(json);
        const int64_t origin = j.at("origin_ns").get<int64_t>();
        PhaseTimeline t(origin);
        for (const auto& p : j.at("phases"))
            t.add(p.at("name").get<std::string>(), origin + int64_t(p.at("start_ms").get<double>() * 1e6),
                  origin + int64_t(p.at("end_ms").get<double>() * 1e6));
        return t;
    } catch (const nlohmann::json::exception& e) {
        return Error(EINVAL, std::string("phase timeline: ") + e.what());
    }
}

}  // namespace juxta
