#include "bridge/image_puller.h"

#include <QPointer>

#include "core/catch_all.h"
#include "core/format.h"

namespace juxta {

ImagePuller::ImagePuller(QObject* parent) : QObject(parent), worker_(new QObject) {
    qRegisterMetaType<images::PullProgress>();
    thread_.setObjectName(QStringLiteral("juxta-pull"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();
}

ImagePuller::~ImagePuller() {
    if (current_) current_->cancelled = true;
    thread_.quit();
    thread_.wait();
}

Status ImagePuller::start(const PullRequest& request) {
    if (current_) return Error(EBUSY, "a pull is running — wait for it or cancel it");
    auto ref = images::parseReference(request.reference.trimmed().toStdString());
    if (!ref) return ref.error();
    auto limits = images::ExtractLimits::fromEnvironment();
    if (!limits) return limits.error();
    images::PullOptions options;
    options.limits = *limits;
    options.registry.tlsVerify = request.tlsVerify;
    if (!request.username.isEmpty())
        options.registry.credentials =
            images::Credentials{request.username.toStdString(), request.password.toStdString()};
    auto job = std::make_shared<Job>();
    current_ = job;
    options.registry.cancelled = [job] { return job->cancelled.load(); };
    QPointer<ImagePuller> self(this);
    QMetaObject::invokeMethod(
        worker_,
        [self, job, ref = *ref, options] {
            const auto post = [self, job](auto&& f) {
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, job, f = std::forward<decltype(f)>(f)] {
                        if (self && self->current_ == job) f(*self);
                    },
                    Qt::QueuedConnection);
            };
            // A registry's replies are hostile input: no exception leaves this thread.
            auto result = catchAll([&]() -> Result<images::PullResult> {
                auto store = images::ImageStore::atDefaultLocation();
                return images::pullImage(store, ref, options, [post](const images::PullProgress& p) {
                    post([p](ImagePuller& r) { emit r.progress(p); });
                });
            });
            post([result = std::move(result), job, familiar = ref.familiar()](ImagePuller& r) {
                r.current_.reset();
                if (!result) {
                    emit r.failed(QString::fromStdString(result.error().message()),
                                  job->cancelled.load() || result.error().code() == ECANCELED);
                    return;
                }
                const std::string summary = familiar + " → " + result->image.name + ": " +
                                            std::to_string(result->image.layerIds.size()) + " layers, " +
                                            std::to_string(result->layersFetched) + " fetched (" +
                                            format::bytes(double(result->bytesFetched)) + "), " +
                                            std::to_string(result->layersPresent) + " already here";
                emit r.finished(QString::fromStdString(result->image.name), QString::fromStdString(summary));
            });
        },
        Qt::QueuedConnection);
    return {};
}

void ImagePuller::cancel() {
    if (current_) current_->cancelled = true;
}

}  // namespace juxta
