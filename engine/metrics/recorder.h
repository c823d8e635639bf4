#pragma once
// Records an instance's resource use into its ring file (ring_file.h) once a second, from a thread
// of the process that lives as long as the instance (its monitor): the counters it is given are turned
// into rates (counter_rates.h) and appended. Nothing it meets stops the instance: a ring that cannot be
// made (no room), or a write that fails, ends the recording and leaves its reason, one line, in
// `errorFile`; a reading that fails (the instance ending) is skipped. No exception leaves its thread.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "metrics/counter_rates.h"

namespace juxta::metrics {

class Recorder {
  public:
    using ReadCounters = std::function<Result<ResourceCounters>(int64_t nowMs)>;

    // Starts the thread; the first reading is the baseline, the first point comes a second later.
    Recorder(std::filesystem::path ring, std::filesystem::path errorFile, ReadCounters read,
             std::chrono::milliseconds interval = std::chrono::seconds(1));
    ~Recorder();  // stops the thread and waits for it
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

  private:
    void run();
    Status record();

    std::filesystem::path ring_, errorFile_;
    ReadCounters read_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace juxta::metrics
