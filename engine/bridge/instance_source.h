#pragma once
// Instances of one kind as the engine thread sees them, including those started by juxtactl or
// before the GUI started. poll() reports what appeared, changed or went away, and each running
// one's newest figures.
//
// Made to watch a hundred instances for little: the kind's directory is listed again only when an
// entry came or went; an instance's definition and state are read again only when one of its files
// changed (inotify on its two directories, all in one descriptor; where a directory cannot be
// watched, a stat of each file a tick) or its monitor ended (a pidfd each, all polled in one call:
// a monitor killed outright writes nothing, and only a read of its state settles it as crashed);
// its figures are the newest point its monitor recorded (instances/history.h), one pread on a ring
// file kept open. An instance without a history (its monitor could not record one) is measured the
// old way: the kind's counters, turned into rates here.
#include <QList>
#include <QSet>
#include <QStringList>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bridge/types.h"
#include "core/dir_watch.h"
#include "core/error.h"
#include "core/file_stamp.h"
#include "core/unique_fd.h"
#include "metrics/counter_rates.h"
#include "metrics/ring_file.h"

namespace juxta {

class InstanceSource {
  public:
    struct Tick {
        QList<InstanceInfo> changed;  // new, or different from the last tick
        QStringList removed;
        SampleBatch samples;
        QString error;  // the kind's state could not be read
    };
    // What an instance is, read from its definition and state.
    struct Loaded {
        InstanceInfo info;
        int64_t createdAtMs = 0;    // the list's order
        bool volatileInfo = false;  // read again every tick (a VM's timeline while it boots)
        pid_t monitorPid = 0;       // while live: the process whose end means a read of the state
    };

    InstanceSource(InstanceKind kind, int hostCpus) : kind_(kind), hostCpus_(hostCpus) {}
    virtual ~InstanceSource() = default;
    Tick poll(int64_t nowMs);

  protected:
    // ENOENT when it was removed meanwhile.
    virtual Result<Loaded> load(const std::string& id, int64_t nowMs) = 0;
    // A running instance's counters, for one that has no history to read.
    virtual Result<ResourceCounters> counters(const std::string& id, int64_t nowMs) = 0;

  private:
    struct Known {
        Loaded loaded;
        std::vector<std::filesystem::path> files;  // definition, state, paused marker, history.error
        std::vector<FileStamp> stamps;             // of files
        bool watched = false;                      // a change of them is an event (dirty_), not a stamp
        UniqueFd monitor;                          // a pidfd of loaded.monitorPid, while live
        int64_t loadedAtMs = 0;
        std::optional<metrics::RingFile> history;
        int64_t lastPointMs = 0;
        std::optional<RateTracker> rates;  // without a history
    };
    static std::vector<FileStamp> stampsOf(const std::vector<std::filesystem::path>& files);
    const std::vector<std::string>& definedIds(int64_t nowMs);
    // The ids whose monitor ended since they were read (one poll of every pidfd).
    std::set<std::string> monitorsEnded();
    std::optional<MetricSample> figures(const std::string& id, Known& k, int64_t nowMs);

    InstanceKind kind_;
    int hostCpus_;
    std::map<std::string, Known> known_;  // not QHash: a Known holds an open file, and moves only
    std::vector<std::string> entries_;    // of the kind's directory, as last listed
    FileStamp entriesStamp_;              // the directory's, when listed
    int64_t listedAtMs_ = 0;
    // The kind's directories (definitions, run) and each known instance's two; what changed since
    // it was last read.
    DirWatch watch_;
    bool definitionsWatched_ = false, runsWatched_ = false, relist_ = true;
    std::set<std::string> dirty_;
    void takeEvents();
};

}  // namespace juxta
