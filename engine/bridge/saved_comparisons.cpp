#include "bridge/saved_comparisons.h"

#include <QPointer>

#include "bridge/compare_runner.h"  // Q_DECLARE_METATYPE(compare::Comparison)
#include "core/catch_all.h"

namespace juxta {

SavedComparisons::SavedComparisons(QObject* parent) : QObject(parent), worker_(new QObject) {
    qRegisterMetaType<compare::Comparison>();
    qRegisterMetaType<std::vector<SavedComparison>>();
    thread_.setObjectName(QStringLiteral("juxta-saved"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();
}

SavedComparisons::~SavedComparisons() {
    thread_.quit();
    thread_.wait();
}

void SavedComparisons::list() {
    QPointer<SavedComparisons> self(this);
    // The comparisons' files come from disk, where anything may be: no exception leaves the thread.
    QMetaObject::invokeMethod(worker_, [self] {
        const auto read = catchAll([]() -> Result<std::vector<SavedComparison>> {
            auto ids = compare::listComparisons();
            if (!ids) return ids.error();
            std::vector<SavedComparison> saved;
            for (auto it = ids->rbegin(); it != ids->rend(); ++it)  // newest first
                if (auto c = compare::loadComparison(*it); c)
                    saved.push_back({c->id, std::move(c->manifest), std::move(c->host)});
            return saved;
        });
        std::vector<SavedComparison> saved = read ? *read : std::vector<SavedComparison>{};
        QMetaObject::invokeMethod(self.data(), [self, saved = std::move(saved)] {
            if (self) emit self->listed(saved);
        });
    });
}

void SavedComparisons::open(const QString& id) {
    QPointer<SavedComparisons> self(this);
    QMetaObject::invokeMethod(worker_, [self, id] {
        auto loaded = catchAll(
            [&]() -> Result<compare::Comparison> { return compare::loadComparison(id.toStdString()); });
        QMetaObject::invokeMethod(self.data(), [self, id, loaded = std::move(loaded)] {
            if (!self) return;
            if (loaded)
                emit self->opened(*loaded);
            else
                emit self->openFailed(id, QString::fromStdString(loaded.error().message()));
        });
    });
}

}  // namespace juxta
