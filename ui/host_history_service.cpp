#include "host_history_service.h"

#include <QCoreApplication>
#include <QProcess>
#include <QStringList>

namespace juxta::ui {
namespace {

struct Run {
    bool started = false;
    int exitCode = -1;
    QString out, err;
};

// systemctl --user ARGS..., bounded: a user manager that does not answer is not waited for.
Run systemctl(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral("systemctl"), QStringList{QStringLiteral("--user")} + args);
    Run r;
    r.started = p.waitForStarted(5000);
    if (!r.started) return r;
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished(1000);
        r.err =
            QCoreApplication::translate("juxta::ui::HostHistoryService", "systemctl did not answer in 15 s");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    r.err = QString::fromUtf8(p.readAllStandardError()).trimmed().section(QLatin1Char('\n'), 0, 0);
    return r;
}

}  // namespace

HostHistoryService::Status HostHistoryService::query() {
    const Run r = systemctl({QStringLiteral("is-enabled"), QString::fromLatin1(kUnit)});
    if (!r.started)
        return {State::Unavailable,
                QCoreApplication::translate("juxta::ui::HostHistoryService", "systemctl is not installed")};
    // is-enabled prints the unit file's state; "disabled" exits 1, as does a unit it cannot find.
    if (r.out != QLatin1String("enabled") && r.out != QLatin1String("disabled"))
        return {State::Unavailable, r.err.isEmpty() ? r.out : r.err};
    // It reads unit files without a user manager; switching needs one (a desktop session has it,
    // root in a container does not).
    if (const Run manager = systemctl({QStringLiteral("show-environment")}); manager.exitCode != 0)
        return {State::Unavailable,
                manager.err.isEmpty()
                    ? QCoreApplication::translate("juxta::ui::HostHistoryService", "no systemd user session")
                    : manager.err};
    return {r.out == QLatin1String("enabled") ? State::On : State::Off, {}};
}

QString HostHistoryService::setEnabled(bool on) {
    const Run r = systemctl({on ? QStringLiteral("enable") : QStringLiteral("disable"),
                             QStringLiteral("--now"), QString::fromLatin1(kUnit)});
    if (!r.started)
        return QCoreApplication::translate("juxta::ui::HostHistoryService", "systemctl is not installed");
    if (r.exitCode == 0) return {};
    return r.err.isEmpty()
               ? QCoreApplication::translate("juxta::ui::HostHistoryService", "systemctl failed (exit %1)")
                     .arg(r.exitCode)
               : r.err;
}

}  // namespace juxta::ui
