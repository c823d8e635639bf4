#include "runtime/lifecycle/shared_recorder.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/catch_all.h"
#include "core/dir_watch.h"
#include "core/file_stamp.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/unique_fd.h"
#include "instances/definition_store.h"
#include "instances/history.h"
#include "instances/state_record.h"
#include "metrics/ring_file.h"
#include "runtime/cgroup_counters.h"
#include "runtime/lifecycle/counters.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/state.h"
#include "runtime/network.h"

namespace juxta::runtime {
namespace {

namespace fs = std::filesystem;

// Interrupts a wait for the lock (flock returns EINTR): the handler does nothing, the stop flag
// says what to do.
void interrupted(int) {}

// One running container as the holder records it.
struct Tracked {
    int64_t startedAtMs = 0;
    pid_t monitorPid = 0;
    std::optional<CgroupCounters> counters;
    Limits limits;
    std::optional<metrics::RingFile> ring;
    std::optional<RateTracker> rates;
    bool baseline = true;
    bool givenUp = false;  // its history could not be made or written: said in its history.error
};

void giveUp(const std::string& id, Tracked& t, const Error& why) {
    t.givenUp = true;
    const std::string message = why.wrap("the resource history").message();
    log::get("metrics")->warn("recording container {} stopped: {}", id, message);
    std::ofstream(instances::historyErrorFileOf(InstanceKind::Container, id), std::ios::trunc)
        << message << '\n';
}

// A container seen running (again, or anew): its cgroup's files, its limits and its history opened.
Tracked track(const std::string& id, const ContainerState& s) {
    Tracked t;
    t.startedAtMs = s.startedAtMs;
    t.monitorPid = s.monitorPid;
    t.rates.emplace(int(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN))));
    auto cgroup = openCgroup(id, s.cgroupRoot);
    if (!cgroup) {
        giveUp(id, t, cgroup.error());
        return t;
    }
    auto counters = CgroupCounters::open(**cgroup);
    if (!counters) {
        giveUp(id, t, counters.error());
        return t;
    }
    t.counters = std::move(*counters);
    if (auto d = loadDefinition(id)) t.limits = d->spec.limits;
    std::string replaced;
    auto ring = metrics::RingFile::openForWriting(instances::historyFileOf(InstanceKind::Container, id),
                                                  metrics::kDefaultTiers, &replaced);
    if (!ring) {
        giveUp(id, t, ring.error());
        return t;
    }
    if (!replaced.empty())
        log::get("metrics")->warn("the history of container {} was not one ({}): it starts anew", id,
                                  replaced);
    t.ring = std::move(*ring);
    return t;
}

// One second of one container; LINKS: this tick's bytes of every link.
void recordOne(const std::string& id, Tracked& t, int64_t nowMs,
               const std::map<std::string, procfs::IoCounters>& links) {
    if (t.givenUp) return;
    // A monitor killed outright leaves its container to no one (as with a recorder of its own).
    if (::kill(t.monitorPid, 0) != 0 && errno == ESRCH) return;
    auto stats = t.counters->read();
    if (!stats) {  // ending, or a file in flux: the next reading says
        log::get("metrics")->debug("reading container {}: {}", id, stats.error().message());
        return;
    }
    const auto link = links.find(hostLinkName(id));
    const procfs::IoCounters* hostEnd = link != links.end() ? &link->second : nullptr;
    // Rates over the time between the reads, not between the ticks: a tick that reached this
    // container late (a loaded host, a hundred before it) would count more CPU time into its second
    // (a half-core container measured above 80 % in a clean clone's test). The point keeps the tick's
    // second.
    MetricSample sample =
        t.rates->next(containerCounters(*stats, t.limits, instances::wallClockMs(), hostEnd));
    sample.timeMs = nowMs;
    if (!std::exchange(t.baseline, false))
        if (auto st = t.ring->append(sample); !st) giveUp(id, t, st.error());
}

}  // namespace

SharedRecorder::SharedRecorder() {
    struct sigaction action {};
    action.sa_handler = interrupted;  // no SA_RESTART: flock() returns EINTR
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGURG, &action, nullptr);
    thread_ = std::thread([this] {
        if (auto st = catchAll([this]() -> Status {
                run();
                return {};
            });
            !st)
            log::get("metrics")->warn("the containers' recorder stopped: {}", st.error().message());
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_all();  // the destructor waits for it
    });
}

SharedRecorder::~SharedRecorder() {
    std::unique_lock lock(mutex_);
    stop_ = true;
    wake_.notify_all();
    // A waiter sleeps in flock(): a signal ends the wait — again every millisecond, as one that came
    // between its look at stop_ and its flock() was lost — until it has seen stop_. The end is
    // awaited on the condition, so a monitor's exit (and `run`'s return) waits no longer than it.
    while (!done_) {
        ::pthread_kill(thread_.native_handle(), SIGURG);
        wake_.wait_for(lock, std::chrono::milliseconds(1));
    }
    lock.unlock();
    thread_.join();
}

void SharedRecorder::run() {
    sigset_t urg;
    sigemptyset(&urg);
    sigaddset(&urg, SIGURG);
    ::pthread_sigmask(SIG_UNBLOCK, &urg, nullptr);
    const fs::path dir = paths::stateDir() / "containers";
    std::error_code ec;
    fs::create_directories(dir, ec);
    UniqueFd lock(::open((dir / "recorder.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock)
        throw std::system_error(errno, std::generic_category(), "open " + (dir / "recorder.lock").string());
    for (;;) {
        {
            std::lock_guard guard(mutex_);
            if (stop_) return;
        }
        if (::flock(lock.get(), LOCK_EX) == 0) break;
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "flock recorder.lock");
    }
    log::get("metrics")->debug("this monitor records the containers' histories");
    recordWhileHolding();
}  // the lock goes with its descriptor: another monitor's flock() returns

void SharedRecorder::recordWhileHolding() {
    // Every container listed, and what its state.json was when read. Its run directory watched, its
    // state is read again when that changed (an event), else when the file's stamp did.
    struct Known {
        FileStamp state;
        bool watched = false;
    };
    std::map<std::string, Known> known;
    std::map<std::string, Tracked> tracked;  // the running ones with a cgroup
    std::vector<std::string> ids;
    DirWatch watch;
    const fs::path runs = instances::runsDirOf(InstanceKind::Container);
    bool runsWatched = false, relist = true;
    int64_t listedAtMs = 0;
    std::set<std::string> dirty;
    constexpr auto kInterval = std::chrono::seconds(1);
    constexpr int64_t kRelistMs = 60'000;  // and again now and then all the same
    for (;;) {
        // On the whole second, as every recorder (metrics/recorder.h) and the GUI expect — the first
        // pass too, so a monitor whose container ends within its first second (run --rm of a short
        // command) does not wait for a pass over every container before it can exit.
        {
            const auto now = std::chrono::system_clock::now().time_since_epoch();
            const auto next = std::chrono::system_clock::time_point((now / kInterval + 1) * kInterval);
            std::unique_lock guard(mutex_);
            if (wake_.wait_until(guard, next, [this] { return stop_; })) return;
        }
        const int64_t nowMs = instances::wallClockMs();
        DirWatch::Changes changes = watch.take();
        dirty.insert(changes.tags.begin(), changes.tags.end());  // run directories (ids)
        // A container started or removed makes or removes its run directory.
        if (!runsWatched || changes.entered.count(runs.string()) || changes.overflow) {
            runsWatched = watch.add(runs, "");
            relist = true;
        }
        if (changes.overflow)
            for (auto& [id, k] : known) k.watched = false;
        if (relist || !runsWatched || nowMs - listedAtMs >= kRelistMs) {
            relist = false;
            listedAtMs = nowMs;
            ids = instances::listedIds(InstanceKind::Container);
        }
        std::set<std::string> seen;
        const auto links = ids.empty() ? std::map<std::string, procfs::IoCounters>{} : linkBytes();
        for (const std::string& id : ids) {
            seen.insert(id);
            Known& k = known[id];
            if (!k.watched || dirty.erase(id)) {
                k.watched = runsWatched && watch.add(instances::runDirOf(InstanceKind::Container, id), id);
                const FileStamp stamp =
                    FileStamp::of(instances::runDirOf(InstanceKind::Container, id) / "state.json");
                if (!(stamp == k.state)) {
                    k.state = stamp;
                    const ContainerState s = loadState(id);
                    if (!instances::isLive(s.state) || !hasCgroup(s) || s.monitorPid <= 0)
                        tracked.erase(id);
                    else if (auto it = tracked.find(id);
                             it == tracked.end() || it->second.startedAtMs != s.startedAtMs)
                        tracked.insert_or_assign(id, track(id, s));  // else the same run, paused or resumed
                }
            }
            auto it = tracked.find(id);
            if (it == tracked.end()) continue;
            if (auto st = catchAll([&]() -> Status {
                    recordOne(id, it->second, nowMs, links);
                    return {};
                });
                !st)
                log::get("metrics")->warn("recording container {}: {}", id, st.error().message());
        }
        std::erase_if(tracked, [&seen](const auto& entry) { return !seen.count(entry.first); });
        std::erase_if(known, [&seen](const auto& entry) { return !seen.count(entry.first); });
        dirty.clear();  // of ids not listed: read when they are
    }
}

}  // namespace juxta::runtime
