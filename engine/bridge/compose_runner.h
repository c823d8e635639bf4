#pragma once
// Compose projects for the GUI: compose::up, start, stop and down (compose/stack.h, the same calls
// as `juxtactl compose up -d`, `start`, `stop` and `down`) run in the runner's own thread; each progress line
// and the end come back as signals in the UI thread. One operation at a time; nothing a compose file or the
// runtime throws leaves the thread.
#include <QObject>
#include <QString>
#include <QThread>
#include <functional>
#include <string>

#include "compose/model.h"
#include "core/error.h"

namespace juxta {

class ComposeRunner : public QObject {
    Q_OBJECT
  public:
    explicit ComposeRunner(QObject* parent = nullptr);
    ~ComposeRunner() override;  // waits for a running operation

    // EBUSY while one runs; else progress()..., then finished().
    Status up(const compose::Project& project);
    Status down(const QString& project, bool removeVolumes);
    // compose start / stop: the project's services started again in order, or stopped and kept.
    Status start(const QString& project);
    Status stop(const QString& project);
    bool running() const { return running_; }

  signals:
    void progress(const QString& line);
    void finished(bool ok, const QString& error);  // error: empty when ok

  private:
    Status run(std::function<Status(const std::function<void(const std::string&)>&)> work);
    QThread thread_;
    QObject* worker_;
    bool running_ = false;
};

}  // namespace juxta
