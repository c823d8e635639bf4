#include "bridge/saved_comparisons.h"

#include <QPointer>
#include <exception>

#include "bridge/compare_runner.h"  // Q_DECLARE_METATYPE(compare::Comparison)

namespace juxta {
namespace {

// The comparisons' files come from disk, where anything may be: an exception never leaves the thread.
template <typename F>
auto guarded(F&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const std::exception& e) {
        return Error(EIO, std::string("internal error: ") + e.what());
    } catch (...) {
        return Error(EIO, "internal error");
    }
}

}  // namespace

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
    QMetaObject::invokeMethod(worker_, [self] {
        const auto read = guarded([]() -> Result<std::vector<SavedComparison>> {
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
        auto loaded = guarded(
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
