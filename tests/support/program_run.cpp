#include "support/program_run.h"

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

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

std::optional<std::string> inChildAs(uid_t id, const std::function<std::string()>& body) {
    int fds[2];
    if (::pipe(fds) < 0) return std::nullopt;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        if (::setgroups(0, nullptr) < 0 || ::setresgid(id, id, id) < 0 || ::setresuid(id, id, id) < 0)
            ::_exit(2);
        const std::string said = body();
        (void)!::write(fds[1], said.data(), said.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string said;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) said.append(buffer, std::size_t(n));
    ::close(fds[0]);
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return std::nullopt;
    return said;
}

}  // namespace juxta::testing
