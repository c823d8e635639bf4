#pragma once
// The Qt face of the engine. The Engine object lives in the UI thread as a thin facade: every call
// posts a queued request to a worker in the engine's thread and returns at once; every result comes
// back as a signal, delivered in the UI thread. Nothing here blocks the caller.
#include <QObject>
#include <QThread>

#include "bridge/types.h"

namespace juxta {

class ConsoleSession;
class LifecycleWorker;
class SamplerWorker;

// What the New Container dialog asks for; limits are the CLI's words ("256M", "1.5", "128").
struct ContainerRequest {
    QString image = QStringLiteral("busybox");
    QString name;
    QStringList command;  // empty: the image's default
    QString memory, cpus, pids;
    bool readOnlyRoot = false;
    bool terminal = false;
    bool bridge = false;                     // --net bridge (else a private network namespace, loopback only)
    QStringList publish;                     // --publish [IP:]HOSTPORT:PORT each, with the bridge
    QStringList volumes;                     // -v [NAME|/HOST:]/PATH[:OPTS] each
    QString restart = QStringLiteral("no");  // --restart: no, always, unless-stopped, on-failure[:N]
    QStringList labels;                      // --label KEY[=VALUE] each
};

// What the New VM dialog asks for: the tiny-linux image (no kernel) or a kernel of the user's.
struct VmDisk {
    QString file;  // a raw image
    bool readOnly = false;
};

struct VmRequest {
    QString name;
    QString kernel, initrd, cmdline;
    QString memory = QStringLiteral("256M");
    int vcpus = 1;
    QList<VmDisk> disks;  // virtio-blk, vda first
    QString image;        // an OCI image of the store, booted as a VM (empty: tiny-linux or the kernel)
    QString diskSize;     // that VM's own writable disk, e.g. "1G" (empty: the default)
    QString root;  // tiny-linux: one of the disks as its commands' root, e.g. "/dev/vda1" (empty: none)
    bool bridge = false;  // a virtio-net card on juxta0 with an address from the containers' pool
    bool force = false;   // boot a stock kernel on a PVM host anyway
};

class Engine : public QObject {
    Q_OBJECT
  public:
    struct Options {
        int sampleIntervalMs = 1000;
        QString procRoot = QStringLiteral("/proc");
    };
    explicit Engine(QObject* parent = nullptr) : Engine(Options{}, parent) {}
    explicit Engine(const Options& options, QObject* parent = nullptr);
    ~Engine() override;

    // The host itself, the one instance that is always there.
    static InstanceInfo hostInstance();

    void start();
    void setSampleInterval(int intervalMs);
    void requestHistory(const QString& instanceId);
    void probeHost();
    // Follow an instance's log: logBytes() brings what is there, then what is appended.
    void followLog(const QString& instanceId);

    // Instance lifecycle, by the library juxtactl uses, in a thread of its own (lifecycle_worker.h):
    // each call returns at once; the outcome comes back as actionFinished() and the new state
    // with the next sample tick (requested at once).
    void createContainer(const ContainerRequest& request);
    void createVm(const VmRequest& request);
    void startInstance(const QString& instanceId);
    void stopInstance(const QString& instanceId);
    void pauseInstance(const QString& instanceId);
    void resumeInstance(const QString& instanceId);
    void removeInstance(const QString& instanceId, bool force);

    // The console of one instance at a time: consoleOutput() brings what it writes;
    // consoleInput()/consoleResize() go to it. Attaching another detaches the previous one.
    void attachConsole(const QString& instanceId);
    void detachConsole();
    void consoleInput(const QByteArray& bytes);
    void consoleResize(int rows, int columns);

  signals:
    void instanceChanged(const juxta::InstanceInfo& info);
    void samplesReady(const juxta::SampleBatch& batch);
    void historyReady(const QString& instanceId, const juxta::SampleSeries& history);
    void hostProbed(const juxta::HostCapabilities& capabilities);
    void errorOccurred(const QString& instanceId, const QString& message);
    void instanceRemoved(const QString& instanceId);
    void logBytes(const QString& instanceId, const QByteArray& bytes, bool fromStart);
    void consoleOutput(const QString& instanceId, const QByteArray& bytes);
    void consoleAttached(const QString& instanceId);
    void consoleDetached(const QString& instanceId, const QString& reason);
    // action: "create", "start", "stop", "pause", "resume", "remove"; message: the new id after a
    // create, else empty, or the error in words (errorOccurred() has it too).
    void actionFinished(const QString& instanceId, const QString& action, bool ok, const QString& message);

  private:
    void act(const QString& instanceId, const QString& action, bool force = false);
    void refreshNow();

    Options options_;
    QThread thread_;
    SamplerWorker* sampler_;  // owned by thread_ (deleteLater on finish)
    QThread lifecycleThread_;
    LifecycleWorker* lifecycle_;  // owned by lifecycleThread_ (deleteLater on finish)
    ConsoleSession* console_ = nullptr;
    QPair<int, int> consoleSize_{0, 0};
};

}  // namespace juxta
