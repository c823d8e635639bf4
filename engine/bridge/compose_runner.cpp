#include "bridge/compose_runner.h"

#include <QPointer>

#include "compose/stack.h"
#include "core/catch_all.h"

namespace juxta {

ComposeRunner::ComposeRunner(QObject* parent) : QObject(parent), worker_(new QObject) {
    thread_.setObjectName(QStringLiteral("juxta-compose"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();
}

ComposeRunner::~ComposeRunner() {
    thread_.quit();
    thread_.wait();
}

Status ComposeRunner::run(std::function<Status(const std::function<void(const std::string&)>&)> work) {
    if (running_) return Error(EBUSY, "a compose operation is running — wait for it");
    running_ = true;
    QPointer<ComposeRunner> self(this);
    QMetaObject::invokeMethod(
        worker_,
        [self, work = std::move(work)] {
            const auto post = [self](auto f) {
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, f] {
                        if (self) f(*self);
                    },
                    Qt::QueuedConnection);
            };
            const Status result = catchAll([&]() -> Status {
                return work([post](const std::string& line) {
                    post([line = QString::fromStdString(line)](ComposeRunner& r) { emit r.progress(line); });
                });
            });
            post([result](ComposeRunner& r) {
                r.running_ = false;
                emit r.finished(result.ok(),
                                result ? QString() : QString::fromStdString(result.error().message()));
            });
        },
        Qt::QueuedConnection);
    return {};
}

Status ComposeRunner::up(const compose::Project& project) {
    return run([project](const std::function<void(const std::string&)>& say) {
        compose::UpOptions o;
        o.progress = say;
        return compose::up(project, o);
    });
}

Status ComposeRunner::down(const QString& project, bool removeVolumes) {
    return run([name = project.toStdString(), removeVolumes](const std::function<void(const std::string&)>&) {
        return compose::down(name, removeVolumes);
    });
}

Status ComposeRunner::start(const QString& project) {
    return run([name = project.toStdString()](const std::function<void(const std::string&)>& say) {
        compose::UpOptions o;
        o.progress = say;
        return compose::start(name, o);
    });
}

Status ComposeRunner::stop(const QString& project) {
    return run([name = project.toStdString()](const std::function<void(const std::string&)>&) {
        return compose::stop(name);
    });
}

}  // namespace juxta
