#include "bridge/compare_runner.h"

#include <QCoreApplication>
#include <QPointer>

#include "compare/density.h"
#include "compare/harness.h"
#include "core/catch_all.h"
#include "runtime/limits.h"

namespace juxta {

Result<compare::Manifest> manifestFor(const CompareRequest& r) {
    compare::Manifest m;
    m.workload = r.workload.toStdString();
    if (m.workload == "compose") {
        if (r.composeFile.trimmed().isEmpty()) return Error(EINVAL, "choose a compose file to compare");
        m.parameters = {{"file", r.composeFile.trimmed().toStdString()},
                        {"written", r.variants.contains(QStringLiteral("written")) ? "yes" : "no"},
                        {"service", r.loadService.toStdString()},
                        {"hog", r.hog.toStdString()},
                        {"seconds", std::to_string(r.loadSeconds)},
                        {"connections", std::to_string(r.connections)}};
    }
    for (const QString& v : r.variants) {
        if (m.workload == "compose" && v == QLatin1String("written")) continue;
        auto kind = instanceKindFromString(v.toStdString());
        if (!kind) return kind.error();
        m.variants.push_back(*kind);
    }
    m.repeats = r.repeats;
    if (!r.containerMemory.isEmpty()) {
        auto bytes = runtime::parseMemory(r.containerMemory.toStdString());
        if (!bytes) return bytes.error().wrap("container memory");
        m.containerMemoryBytes = *bytes;
    }
    if (!r.containerCpus.isEmpty()) {
        auto cpus = runtime::parseCpus(r.containerCpus.toStdString());
        if (!cpus) return cpus.error().wrap("container CPUs");
        m.containerCpus = *cpus;
    }
    m.vmMemoryMib = r.vmMemoryMib;
    m.vmVcpus = r.vmVcpus;
    if (Status s = compare::validate(m); !s) return s.error();
    return m;
}

CompareRunner::CompareRunner(QObject* parent) : QObject(parent), worker_(new QObject) {
    qRegisterMetaType<compare::Comparison>();
    thread_.setObjectName(QStringLiteral("juxta-compare"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();
}

CompareRunner::~CompareRunner() {
    if (current_) current_->cancelled = true;
    thread_.quit();
    thread_.wait();  // the harness removes what it started before it returns
}

Status CompareRunner::start(const CompareRequest& request) {
    auto manifest = request.density ? Result<compare::Manifest>(compare::Manifest{}) : manifestFor(request);
    if (!manifest) return manifest.error();
    compare::DensityOptions density;
    if (request.density) {
        auto kind = instanceKindFromString(request.densityKind.toStdString());
        if (!kind) return kind.error();
        if (*kind == InstanceKind::Host) return Error(EINVAL, "a density sweep is of containers or VMs");
        density.kind = *kind;
        density.maxInstances = request.densityMax;
        density.vmMemoryMib = request.vmMemoryMib;
        density.vmVcpus = request.vmVcpus;
    }
    const bool replacing = bool(current_);
    if (current_) current_->cancelled = true;  // its result is dropped below
    auto job = std::make_shared<Job>();
    current_ = job;
    running_ = true;
    emit progress(replacing ? tr("Waiting for the previous comparison to stop…") : tr("Starting…"), -1);
    QPointer<CompareRunner> self(this);
    const std::string version = QCoreApplication::applicationVersion().toStdString();
    density.juxtaVersion = version;
    QMetaObject::invokeMethod(
        worker_,
        [self, job, manifest = *manifest, version, densityRun = request.density, density] {
            // In the runner's thread. Signals go back queued; self guards a runner already gone.
            const auto post = [self, job](auto&& f) {
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, job, f = std::forward<decltype(f)>(f)] {
                        if (self && self->current_ == job) f(*self);
                    },
                    Qt::QueuedConnection);
            };
            compare::Callbacks callbacks;
            callbacks.progress = [post](const std::string& step, double fraction) {
                post([s = QString::fromStdString(step), fraction](CompareRunner& r) {
                    emit r.progress(s, fraction);
                });
            };
            callbacks.cancelled = [job] { return job->cancelled.load(); };
            compare::HarnessOptions options;
            options.manifest = manifest;
            options.juxtaVersion = version;
            // The harness reads what workloads and guests print: no exception leaves this thread.
            auto result = catchAll([&]() -> Result<compare::Comparison> {
                auto run = densityRun ? compare::runDensity(density, callbacks)
                                      : compare::runComparison(options, callbacks);
                if (run && !run->cancelled)
                    if (Status saved = compare::saveComparison(*run); !saved) return saved.error();
                return run;
            });
            post([result = std::move(result)](CompareRunner& r) {
                r.running_ = false;
                r.current_.reset();
                if (!result)
                    emit r.failed(QString::fromStdString(result.error().message()));
                else if (result->cancelled)
                    emit r.cancelled(*result);
                else
                    emit r.finished(*result);
            });
        },
        Qt::QueuedConnection);
    return {};
}

void CompareRunner::cancel() {
    if (!current_) return;
    current_->cancelled = true;
    emit progress(tr("Cancelling: stopping and removing what was started…"), -1);
}

}  // namespace juxta
