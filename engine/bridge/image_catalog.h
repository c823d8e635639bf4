#pragma once
// The image store for the GUI's Images view: listing (with each image's unique and shared bytes,
// which walk the layers, and the containers made from it) and removal run on the catalog's own
// thread; the results come back as signals in the UI thread. The same calls as `juxtactl images`,
// `image inspect` and `image rm`.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVector>
#include <cstdint>

namespace juxta {

struct ImageRow {
    QString name;       // the store's name: what New Container runs
    QString reference;  // where it was pulled from ("docker.io/library/redis:7"); empty: imported
    QString digest;     // the manifest's, "sha256:..."; empty: imported
    QString platform;
    QString created;  // the image's own "created" (RFC 3339)
    QString pulled;   // when it was pulled
    int layers = 0;
    uint64_t uniqueBytes = 0;
    uint64_t sharedBytes = 0;
    QStringList usedBy;  // containers made from it (by name)
    // What its config declares, for people.
    QString command;                                 // Entrypoint + Cmd
    QStringList env, exposedPorts, volumes, labels;  // labels as "key=value"
    QString workingDir, user, stopSignal;
    QString healthcheck;  // the check's command line; empty: none
    double healthIntervalS = 0, healthTimeoutS = 0;
    int healthRetries = 0;
};

class ImageCatalog : public QObject {
    Q_OBJECT
  public:
    explicit ImageCatalog(QObject* parent = nullptr);
    ~ImageCatalog() override;  // waits for a listing or removal under way

    void refresh();                    // listed(), or failed()
    void remove(const QString& name);  // removed(), then listed()

  signals:
    void listed(const QVector<juxta::ImageRow>& images);
    // ok: bytesFreed is what went with it; else message says why it stayed (EBUSY names the containers).
    void removed(const QString& name, bool ok, const QString& message, qulonglong bytesFreed);
    void failed(const QString& message);

  private:
    QThread thread_;
    QObject* worker_;
};

}  // namespace juxta

Q_DECLARE_METATYPE(juxta::ImageRow)
