#include "bridge/instance_source.h"

#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "core/log.h"
#include "instances/definition_store.h"
#include "instances/history.h"
#include "instances/state_record.h"

namespace juxta {
namespace {

// Read again at least this often all the same: a pidfd opened after the pid was reused (a monitor
// gone between the read of its state and the open) would wait for the wrong process.
constexpr int64_t kReloadMs = 60'000;

bool sameInfo(const InstanceInfo& a, const InstanceInfo& b) {
    return a.state == b.state && a.detail == b.detail && a.health == b.health &&
           a.startedAtMs == b.startedAtMs && a.name == b.name && a.timelineJson == b.timelineJson &&
           a.labels == b.labels;
}

}  // namespace

std::vector<FileStamp> InstanceSource::stampsOf(const std::vector<std::filesystem::path>& files) {
    std::vector<FileStamp> out;
    for (const auto& file : files) out.push_back(FileStamp::of(file));
    return out;
}

void InstanceSource::takeEvents() {
    DirWatch::Changes c = watch_.take();
    if (c.overflow) {  // events lost: everything is read again
        relist_ = true;
        for (const auto& [id, k] : known_) dirty_.insert(id);
    }
    dirty_.insert(c.tags.begin(), c.tags.end());
    const std::string definitions = instances::definitionsDirOf(kind_).string();
    const std::string runs = instances::runsDirOf(kind_).string();
    if (c.entered.count(definitions)) relist_ = true;
    // A kind's directory that went away (or was not there yet) is watched again when it is back.
    if (c.entered.count(definitions) || !definitionsWatched_)
        definitionsWatched_ = watch_.add(definitions, "");
    if (c.entered.count(runs) || !runsWatched_) runsWatched_ = watch_.add(runs, "");
}

const std::vector<std::string>& InstanceSource::definedIds(int64_t nowMs) {
    // Listed again when an entry came or went: an event, or without one the directory's mtime;
    // whether each is defined yet is its definition's stamp. A directory changed twice within its
    // clock's granularity keeps one mtime: one that changed in the last two seconds is listed each
    // tick.
    if (definitionsWatched_) {
        if (relist_ || nowMs - listedAtMs_ >= kReloadMs) {
            relist_ = false;
            listedAtMs_ = nowMs;
            entries_ = instances::listedIds(kind_);
        }
        return entries_;
    }
    const FileStamp now = FileStamp::of(instances::definitionsDirOf(kind_));
    const bool recent = now.mtimeNs / 1'000'000 > nowMs - 2000;
    if (now != entriesStamp_ || now.mtimeNs < 0 || recent) {
        entriesStamp_ = now;
        entries_ = instances::listedIds(kind_);
    }
    return entries_;
}

std::set<std::string> InstanceSource::monitorsEnded() {
    std::vector<pollfd> fds;
    std::vector<const std::string*> ids;
    for (auto& [id, k] : known_)
        if (k.monitor) fds.push_back({k.monitor.get(), POLLIN, 0}), ids.push_back(&id);
    std::set<std::string> out;
    if (fds.empty() || ::poll(fds.data(), fds.size(), 0) <= 0) return out;
    for (std::size_t i = 0; i < fds.size(); ++i)
        if (fds[i].revents) out.insert(*ids[i]);
    return out;
}

// The newest point the monitor recorded, once; without a history, the counters turned into rates.
std::optional<MetricSample> InstanceSource::figures(const std::string& id, Known& k, int64_t nowMs) {
    if (k.history) {
        if (auto latest = k.history->latest(nowMs, 3000);
            latest && *latest && (*latest)->timeMs > k.lastPointMs) {
            k.lastPointMs = (*latest)->timeMs;
            return **latest;
        }
        return std::nullopt;
    }
    auto c = counters(id, nowMs);
    if (!c) {  // it may have ended between the state and the read: the next tick says so
        log::get("metrics")->debug("counters of {}: {}", id, c.error().message());
        return std::nullopt;
    }
    if (!k.rates) k.rates.emplace(hostCpus_);
    return k.rates->next(*c);
}

InstanceSource::Tick InstanceSource::poll(int64_t nowMs) {
    Tick tick;
    std::vector<std::pair<int64_t, std::string>> order;
    std::set<std::string> seen;
    const std::set<std::string> ended = monitorsEnded();
    takeEvents();
    for (const std::string& id : definedIds(nowMs)) {
        const QString qid = QString::fromStdString(id);
        auto it = known_.find(id);
        const bool quiet = it != known_.end() && !ended.count(id) && !it->second.loaded.volatileInfo &&
                           nowMs - it->second.loadedAtMs < kReloadMs;
        // Watched and quiet: nothing to read. Else the stamps say whether it changed.
        if (quiet && it->second.watched && !dirty_.count(id)) {
            seen.insert(id);
            order.emplace_back(it->second.loaded.createdAtMs, id);
            if (instances::isLive(it->second.loaded.info.state))
                if (auto s = figures(id, it->second, nowMs)) tick.samples.push_back(InstanceSample{qid, *s});
            continue;
        }
        // Watched from before the read on: a change while it is read is an event for the next tick.
        bool watched = false;
        if (definitionsWatched_ && (it == known_.end() || !it->second.watched || dirty_.count(id))) {
            const bool definition = watch_.add(instances::definitionDirOf(kind_, id), id);
            const bool run = watch_.add(instances::runDirOf(kind_, id), id) || runsWatched_;
            watched = definition && run;
        } else if (it != known_.end()) {
            watched = it->second.watched;
        }
        dirty_.erase(id);
        std::vector<std::filesystem::path> files =
            it != known_.end()
                ? it->second.files
                : std::vector<std::filesystem::path>{
                      instances::definitionFileOf(kind_, id), instances::runDirOf(kind_, id) / "state.json",
                      instances::pausedMarkerOf(kind_, id), instances::historyErrorFileOf(kind_, id)};
        auto stamps = stampsOf(files);
        if (stamps[0].mtimeNs < 0) continue;  // not (or no longer) defined
        const bool fresh = quiet && !it->second.watched && it->second.stamps == stamps;
        if (it != known_.end()) it->second.watched = watched;
        if (!fresh) {
            auto loaded = load(id, nowMs);
            if (!loaded && loaded.error().code() == ENOENT) continue;  // removed meanwhile
            if (!loaded) {  // a file that does not read: kept as it was, and said
                tick.error = QString::fromStdString(loaded.error().message());
                if (it == known_.end()) continue;
                seen.insert(id);
                order.emplace_back(it->second.loaded.createdAtMs, id);
                continue;
            }
            // A monitor that could not record the history says why (instances/history.h): shown with
            // the state, as the instance runs on.
            if (loaded->info.detail.empty() && instances::isLive(loaded->info.state))
                if (const std::string why = instances::historyErrorOf(kind_, id); !why.empty())
                    loaded->info.detail = "history not recorded: " + why;
            if (it == known_.end()) {
                it = known_.emplace(id, Known{}).first;
                tick.changed.push_back(loaded->info);
            } else if (!sameInfo(it->second.loaded.info, loaded->info)) {
                tick.changed.push_back(loaded->info);
            }
            Known& k = it->second;
            k.loaded = std::move(*loaded);
            k.files = std::move(files);
            k.stamps = std::move(stamps);
            k.watched = watched;
            k.loadedAtMs = nowMs;
            // Its monitor's end is what a stat cannot see: a pidfd says it (none: it is not live).
            const bool live = instances::isLive(k.loaded.info.state) && k.loaded.monitorPid > 0;
            k.monitor = live ? UniqueFd(int(::syscall(SYS_pidfd_open, k.loaded.monitorPid, 0))) : UniqueFd();
            // The history is opened again on each read: a monitor that found it corrupt made a new file.
            auto ring = metrics::RingFile::openForReading(instances::historyFileOf(kind_, id));
            if (ring)
                k.history = std::move(*ring), k.rates.reset();
            else
                k.history.reset();
        }
        seen.insert(id);
        order.emplace_back(it->second.loaded.createdAtMs, id);
        if (instances::isLive(it->second.loaded.info.state))
            if (auto s = figures(id, it->second, nowMs)) tick.samples.push_back(InstanceSample{qid, *s});
    }
    for (auto it = known_.begin(); it != known_.end();) {
        if (seen.count(it->first)) {
            ++it;
        } else {
            tick.removed.push_back(QString::fromStdString(it->first));
            dirty_.erase(it->first);
            it = known_.erase(it);
        }
    }
    // New ones in the order they were defined (the list shows them so).
    std::sort(order.begin(), order.end());
    QList<InstanceInfo> changed;
    for (const auto& [created, id] : order)
        for (const InstanceInfo& info : tick.changed)
            if (info.id == id) changed.push_back(info);
    tick.changed = changed;
    std::erase_if(dirty_, [&](const std::string& id) { return !known_.count(id); });  // read by the stamps
    return tick;
}

}  // namespace juxta
