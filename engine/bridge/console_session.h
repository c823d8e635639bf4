#pragma once
// An attached console: a client of the socket a container's monitor serves at
// <runtime state dir>/console.sock. Output arrives as raw bytes; input and window sizes go out as
// frames: type (1 byte) | length (uint32 little-endian) | payload — 'd' bytes for the pty,
// 'r' rows and columns (two uint16 little-endian). Asynchronous: nothing here blocks the caller.
#include <QLocalSocket>
#include <QObject>

namespace juxta {

class ConsoleSession : public QObject {
    Q_OBJECT
  public:
    ConsoleSession(QString instanceId, QString socketPath, QObject* parent = nullptr);

    const QString& instanceId() const { return instanceId_; }
    void open();
    void send(const QByteArray& bytes);
    void resize(int rows, int columns);

    static QByteArray frame(char type, const QByteArray& payload);

  signals:
    void output(const QByteArray& bytes);
    void attached();
    void detached(const QString& reason);  // empty when the container's console simply ended

  private:
    QString instanceId_;
    QString socketPath_;
    QLocalSocket socket_;
    int rows_ = 0, columns_ = 0;
};

}  // namespace juxta
