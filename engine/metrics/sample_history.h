#pragma once
// A fixed-capacity ring of samples, oldest dropped first, so a view opened late still shows the past.
// Not thread-safe: it belongs to the thread that samples.
#include <cstddef>
#include <vector>

#include "core/sample.h"

namespace juxta {

class SampleHistory {
  public:
    // 4000 samples: more than an hour at the default 1 s interval.
    static constexpr std::size_t kDefaultCapacity = 4000;

    explicit SampleHistory(std::size_t capacity = kDefaultCapacity) : capacity_(capacity ? capacity : 1) {
        ring_.reserve(capacity_);
    }

    void push(MetricSample s) {
        if (ring_.size() < capacity_) {
            ring_.push_back(std::move(s));
        } else {
            ring_[head_] = std::move(s);
            head_ = (head_ + 1) % capacity_;
        }
    }

    std::size_t size() const { return ring_.size(); }
    std::size_t capacity() const { return capacity_; }

    // Oldest first; only samples with timeMs >= sinceMs.
    std::vector<MetricSample> snapshot(int64_t sinceMs = 0) const {
        std::vector<MetricSample> out;
        out.reserve(ring_.size());
        for (std::size_t i = 0; i < ring_.size(); ++i) {
            const MetricSample& s = ring_[(head_ + i) % ring_.size()];
            if (s.timeMs >= sinceMs) out.push_back(s);
        }
        return out;
    }

  private:
    std::size_t capacity_;
    std::size_t head_ = 0;  // index of the oldest sample once the ring is full
    std::vector<MetricSample> ring_;
};

}  // namespace juxta
