#pragma once
// Pulls images for the GUI: images::pullImage (the same call as `juxtactl pull`) runs in the
// puller's own thread, its progress comes back as signals in the UI thread at most ten times a
// second, and cancel() stops every transfer at once (what was downloaded stays for the next pull to
// resume; no image is half-made). One pull at a time.
#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <memory>

#include "core/error.h"
#include "images/registry_pull.h"

namespace juxta {

struct PullRequest {
    QString reference;      // "redis:7", "localhost:5000/app:1"
    bool tlsVerify = true;  // false: https without checking the certificate, then http
    QString username;       // empty: the saved login (juxtactl login), else anonymous
    QString password;
};

class ImagePuller : public QObject {
    Q_OBJECT
  public:
    explicit ImagePuller(QObject* parent = nullptr);
    ~ImagePuller() override;  // cancels a running pull and waits for it

    // A reference that is not one is refused here (nothing starts); else progress(), then
    // finished() or failed().
    Status start(const PullRequest& request);
    void cancel();
    bool running() const { return bool(current_); }

  signals:
    void progress(const juxta::images::PullProgress& progress);
    // imageName: the store's name (what New Container runs); summary: one line for people.
    void finished(const QString& imageName, const QString& summary);
    void failed(const QString& message, bool cancelled);

  private:
    struct Job {
        std::atomic<bool> cancelled{false};
    };
    QThread thread_;
    QObject* worker_;
    std::shared_ptr<Job> current_;
};

}  // namespace juxta

Q_DECLARE_METATYPE(juxta::images::PullProgress)
