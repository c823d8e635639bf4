#pragma once
// The lifecycle actions the GUI asks for — create, start, stop, pause, resume, remove — done by
// the same library calls juxtactl makes (instances/lifecycle.h), in a thread of their
// own: a stop waits up to its grace period and must not hold up sampling or the UI. One action
// at a time, in the order asked; each ends with one finished() signal. Nothing here forks (a
// start posix_spawns the instance's monitor), so the multi-threaded GUI may do it all.
#include <QObject>
#include <QString>

#include "bridge/engine.h"

namespace juxta {

class LifecycleWorker : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    // Each runs in this object's thread (call through a queued invocation).
    void createContainer(const ContainerRequest& request);  // created, then started
    void createVm(const VmRequest& request);                // created, then started
    void act(const QString& instanceId, const QString& action,
             bool force);  // start, stop, pause, resume, remove

  signals:
    // action: "create", "start", "stop", "pause", "resume", "remove"; message: the new instance's
    // id after a create, else empty, or the error in words.
    void finished(const QString& instanceId, const QString& action, bool ok, const QString& message);
};

}  // namespace juxta
