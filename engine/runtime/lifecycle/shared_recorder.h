#pragma once
// The containers' resource histories (instances/history.h), recorded by one monitor for all of one
// state directory. Every container monitor runs a SharedRecorder; the one that holds the lock
// `<stateDir>/containers/recorder.lock` wakes once a second and records every running container
// that has a cgroup (its counters: cgroup_counters.h, read with pread from files it keeps open); the
// others wait for the lock asleep, without a wakeup, and one of them takes over when the holder's
// monitor ends (the lock goes with its process). A hundred idle containers so cost one wakeup a
// second instead of a hundred — on a virtualized host each costs 30–90 µs (README, "What watching
// costs"). A container without a cgroup (rootless) is recorded by its own monitor (metrics::Recorder).
//
// Nothing it meets stops a container: a history that cannot be made (no room) is given up for that
// container with its reason in the container's history.error; a reading that fails (the container
// ending) is skipped. No exception leaves its thread.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace juxta::runtime {

class SharedRecorder {
  public:
    SharedRecorder();   // starts the thread: it waits for the lock, then records
    ~SharedRecorder();  // stops it; a holder's lock passes to another monitor
    SharedRecorder(const SharedRecorder&) = delete;
    SharedRecorder& operator=(const SharedRecorder&) = delete;

  private:
    void run();
    void recordWhileHolding();

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::atomic<bool> done_{false};
    std::thread thread_;
};

}  // namespace juxta::runtime
