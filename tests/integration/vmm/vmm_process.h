#pragma once
// Runs juxta-vmm as the engine will: a child process, console on stdout, the reason on stderr,
// statistics as JSON. Tests that need /dev/kvm skip with the reason when it is not usable.
#include <fcntl.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace vmmtest {

inline QString vmmBinary() {
    return QStringLiteral(JUXTA_VMM_BINARY);
}
inline QString guest(const char* name) {
    return QStringLiteral(JUXTA_TEST_GUEST_DIR "/") + name + ".bin";
}

// Empty when /dev/kvm can be opened, else why not.
inline QString kvmUnavailable() {
    int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0) return QStringLiteral("/dev/kvm is not usable here: %1").arg(strerror(errno));
    ::close(fd);
    return {};
}

struct Run {
    int exitCode = -1;
    QString console;
    QString stderrText;
    QJsonObject stats;
};

inline Run runVmm(QStringList args, int timeoutMs = 60000) {
    QTemporaryDir dir;
    QString statsPath = dir.filePath("stats.json");
    args << "--stats" << statsPath;
    QProcess p;
    p.start(vmmBinary(), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.stderrText = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.console = QString::fromUtf8(p.readAllStandardOutput());
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    QFile f(statsPath);
    if (f.open(QIODevice::ReadOnly)) r.stats = QJsonDocument::fromJson(f.readAll()).object();
    return r;
}

}  // namespace vmmtest
