#pragma once
// Runs comparisons for the GUI: the harness (engine/compare) works in the runner's own
// thread — it forks nothing in the calling process, it spawns the container monitor, the workload
// and juxta-vmm as programs — and its progress, result and errors come back as signals in the UI
// thread. cancel() sets the flag the harness checks between steps and while a workload runs; it
// then stops and removes the instance it started and returns what it had, marked cancelled. One
// comparison at a time: a newer start() cancels an older one, whose result is dropped. A finished
// comparison is saved under <dataDir>/comparisons/<id> before finished() is emitted.
#include <QObject>
#include <QStringList>
#include <QThread>
#include <atomic>
#include <memory>

#include "compare/result.h"
#include "core/error.h"

namespace juxta {

// What the Compare window asks for, in the words people type ("256M", "1.5").
struct CompareRequest {
    QString workload;
    QStringList
        variants;  // "host", "container", "vm"; the compose scenario also "written" (as the file says)
    int repeats = 5;
    QString containerMemory;  // empty: no limit
    QString containerCpus;
    int vmMemoryMib = 256;
    int vmVcpus = 1;
    // A density sweep instead: N = 1, 2, 4, ... idle instances of one kind, up to densityMax.
    bool density = false;
    QString densityKind = QStringLiteral("container");
    int densityMax = 16;
    // The compose scenario (workload "compose"): the user's file, the service to load and the one made to
    // exhaust its memory ("auto", or a service's name; hog also "none"), seconds of load per phase,
    // connections.
    QString composeFile;
    QString loadService = QStringLiteral("auto");
    QString hog = QStringLiteral("auto");
    int loadSeconds = 10;
    int connections = 4;
};

// The harness's manifest for a request, or one clear message of what to change.
Result<compare::Manifest> manifestFor(const CompareRequest& request);

class CompareRunner : public QObject {
    Q_OBJECT
  public:
    explicit CompareRunner(QObject* parent = nullptr);
    ~CompareRunner() override;  // cancels a running comparison and waits for its clean-up

    // An invalid request is refused here (nothing starts); else progress(), then finished(),
    // cancelled() or failed().
    Status start(const CompareRequest& request);
    void cancel();
    bool running() const { return running_; }

  signals:
    void progress(const QString& step, double fraction);
    void finished(const juxta::compare::Comparison& comparison);
    void cancelled(const juxta::compare::Comparison& partial);
    void failed(const QString& message);

  private:
    struct Job {
        std::atomic<bool> cancelled{false};
    };
    QThread thread_;
    QObject* worker_;  // lives in thread_; runs the jobs one after another
    std::shared_ptr<Job> current_;
    bool running_ = false;
};

}  // namespace juxta

Q_DECLARE_METATYPE(juxta::compare::Comparison)
