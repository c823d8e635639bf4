#include "support/program_run.h"

#include <QProcess>

namespace juxta::testing {

ProgramRun runProgram(const QString& program, const QStringList& args, std::chrono::milliseconds timeout,
                      const QProcessEnvironment& environment) {
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(program, args);
    ProgramRun r;
    if (!p.waitForFinished(int(timeout.count()))) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out after %1 s: %2 %3")
                    .arg(timeout.count() / 1000)
                    .arg(program, args.join(QLatin1Char(' ')));
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace juxta::testing
