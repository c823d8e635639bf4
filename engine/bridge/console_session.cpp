#include "bridge/console_session.h"

#include <QtEndian>

namespace juxta {

ConsoleSession::ConsoleSession(QString instanceId, QString socketPath, QObject* parent)
    : QObject(parent), instanceId_(std::move(instanceId)), socketPath_(std::move(socketPath)) {
    connect(&socket_, &QLocalSocket::readyRead, this, [this] { emit output(socket_.readAll()); });
    connect(&socket_, &QLocalSocket::connected, this, [this] {
        if (rows_ > 0) resize(rows_, columns_);
        emit attached();
    });
    connect(&socket_, &QLocalSocket::disconnected, this, [this] { emit detached({}); });
    connect(&socket_, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError e) {
        if (e == QLocalSocket::PeerClosedError) return;  // disconnected() says it
        emit detached(socket_.errorString());
    });
}

void ConsoleSession::open() {
    socket_.connectToServer(socketPath_);
}

QByteArray ConsoleSession::frame(char type, const QByteArray& payload) {
    QByteArray f(5, Qt::Uninitialized);
    f[0] = type;
    qToLittleEndian<quint32>(quint32(payload.size()), f.data() + 1);
    return f + payload;
}

void ConsoleSession::send(const QByteArray& bytes) {
    if (socket_.state() == QLocalSocket::ConnectedState && !bytes.isEmpty()) socket_.write(frame('d', bytes));
}

void ConsoleSession::resize(int rows, int columns) {
    rows_ = rows;
    columns_ = columns;
    if (socket_.state() != QLocalSocket::ConnectedState) return;
    QByteArray size(4, Qt::Uninitialized);
    qToLittleEndian<quint16>(quint16(rows), size.data());
    qToLittleEndian<quint16>(quint16(columns), size.data() + 2);
    socket_.write(frame('r', size));
}

}  // namespace juxta
