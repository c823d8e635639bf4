#include "metrics/recorder.h"

#include <unistd.h>

#include <fstream>

#include "core/catch_all.h"
#include "core/log.h"
#include "metrics/ring_file.h"

namespace juxta::metrics {
namespace {

int64_t wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Recorder::Recorder(std::filesystem::path ring, std::filesystem::path errorFile, ReadCounters read,
                   std::chrono::milliseconds interval)
    : ring_(std::move(ring)), errorFile_(std::move(errorFile)), read_(std::move(read)), interval_(interval) {
    std::error_code ec;
    std::filesystem::remove(errorFile_, ec);  // an earlier run's complaint
    thread_ = std::thread([this] {
        if (auto st = catchAll([this] { return record(); }); !st) {
            log::get("metrics")->warn("recording {} stopped: {}", ring_.string(), st.error().message());
            std::ofstream(errorFile_, std::ios::trunc) << st.error().message() << '\n';
        }
    });
}

Recorder::~Recorder() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

Status Recorder::record() {
    std::string replaced;
    auto ring = RingFile::openForWriting(ring_, kDefaultTiers, &replaced);
    if (!ring) return ring.error().wrap("the resource history");
    if (!replaced.empty())
        log::get("metrics")->warn("{} was not a resource history ({}): it starts anew", ring_.string(),
                                  replaced);
    RateTracker rates(int(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN))));
    bool baseline = true;
    for (;;) {
        if (auto counters = read_(wallClockMs())) {
            const MetricSample sample = rates.next(*counters);
            if (!baseline)
                if (auto st = ring->append(sample); !st) return st.error().wrap("the resource history");
            baseline = false;
        } else {  // ending, or a file in flux: the next reading says
            log::get("metrics")->debug("reading for {}: {}", ring_.string(), counters.error().message());
        }
        // Every monitor wakes on the same whole second: the kernel serves them with one timer, which on
        // a virtualized host costs a third of what as many independent wakeups do.
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        const auto next = std::chrono::system_clock::time_point((now / interval_ + 1) * interval_);
        std::unique_lock lock(mutex_);
        if (wake_.wait_until(lock, next, [this] { return stop_; })) return {};
    }
}

}  // namespace juxta::metrics
