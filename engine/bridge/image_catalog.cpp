#include "bridge/image_catalog.h"

#include <QPointer>
#include <map>

#include "core/catch_all.h"
#include "images/image_sizes.h"
#include "images/image_store.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/health.h"
#include "runtime/lifecycle/image_use.h"

namespace juxta {
namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString joined(const std::vector<std::string>& parts) {
    QStringList out;
    for (const auto& p : parts) out << q(p);
    return out.join(QLatin1Char(' '));
}

Result<QVector<ImageRow>> listImages() {
    auto store = images::ImageStore::atDefaultLocation();
    auto all = store.list();
    if (!all) return all.error();
    const auto sizes = images::imageSizes(*all);
    std::map<std::string, QStringList> users;
    if (auto defs = runtime::listDefinitions(); defs)
        for (const auto& d : *defs) users[d.image] << q(d.spec.name);
    QVector<ImageRow> rows;
    for (std::size_t i = 0; i < all->size(); ++i) {
        const images::Image& image = (*all)[i];
        const images::ImageConfig& c = image.config;
        ImageRow r;
        r.name = q(image.name);
        r.reference = q(image.origin.reference);
        r.digest = q(image.origin.digest);
        r.platform = q(image.origin.platform);
        r.created = q(image.origin.created);
        r.pulled = q(image.origin.pulled);
        r.layers = int(image.layerIds.size());
        r.uniqueBytes = sizes[i].uniqueBytes;
        r.sharedBytes = sizes[i].sharedBytes;
        r.usedBy = users[image.name];
        r.command = joined(images::commandLine(c, {}));
        for (const auto& e : c.env) r.env << q(e);
        for (const auto& p : c.exposedPorts) r.exposedPorts << q(p);
        for (const auto& v : c.volumes) r.volumes << q(v);
        for (const auto& [k, v] : c.labels) r.labels << q(k + "=" + v);
        r.workingDir = q(c.workingDir);
        r.user = q(c.user);
        r.stopSignal = q(c.stopSignal);
        if (auto h = runtime::healthCheckOf(c.healthcheck)) {
            r.healthcheck = joined(h->args);
            r.healthIntervalS = double(h->intervalMs) / 1000;
            r.healthTimeoutS = double(h->timeoutMs) / 1000;
            r.healthRetries = h->retries;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace

ImageCatalog::ImageCatalog(QObject* parent) : QObject(parent), worker_(new QObject) {
    qRegisterMetaType<ImageRow>();
    qRegisterMetaType<QVector<ImageRow>>();
    thread_.setObjectName(QStringLiteral("juxta-images"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();
}

ImageCatalog::~ImageCatalog() {
    thread_.quit();
    thread_.wait();
}

void ImageCatalog::refresh() {
    QPointer<ImageCatalog> self(this);
    QMetaObject::invokeMethod(
        worker_,
        [self] {
            // Hostile bytes in the store (a tampered manifest) make an error, never a throw out.
            auto rows = catchAll([] { return listImages(); });
            QMetaObject::invokeMethod(
                self.data(),
                [self, rows = std::move(rows)] {
                    if (!self) return;
                    if (rows)
                        emit self->listed(*rows);
                    else
                        emit self->failed(q(rows.error().message()));
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ImageCatalog::remove(const QString& name) {
    QPointer<ImageCatalog> self(this);
    QMetaObject::invokeMethod(
        worker_,
        [self, name = name.toStdString()] {
            auto removed = catchAll([&] { return runtime::removeImageIfUnused(name); });
            const QString message = removed ? QString() : q(removed.error().message());
            const qulonglong freed = removed ? removed->bytesFreed : 0;
            QMetaObject::invokeMethod(
                self.data(),
                [self, name, ok = removed.ok(), message, freed] {
                    if (!self) return;
                    emit self->removed(q(name), ok, message, freed);
                    self->refresh();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

}  // namespace juxta
