#pragma once
// Runs one of Juxta's programs (juxtactl, juxta-vmm) to its end and keeps what it said: the one
// way every level of the tests runs a program.
#include <sys/types.h>

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

// QCOMPARE of a run's exit code that shows the program's own message when they differ: a failed
// container start fails the test with the runtime's words.
#define JUXTA_COMPARE_EXIT(run, want)                                                                        \
    do {                                                                                                     \
        const auto run_ = (run);                                                                             \
        QVERIFY2(run_.code == (want),                                                                        \
                 qPrintable(                                                                                 \
                     QString("exit %1, expected %2: %3").arg(run_.code).arg(want).arg(run_.err.trimmed()))); \
    } while (false)

namespace juxta::testing {

struct ProgramRun {
    int code =
        -1;  // -1: killed by a signal, crashed, or still running after the timeout ("timed out" in err)
    QString out, err;
};

// The program with args, in `environment`, until it ends or `timeout` passes (then it is killed).
ProgramRun runProgram(const QString& program, const QStringList& args,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20),
                      const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment());

// `body` in a forked child that has dropped to uid and gid `id` (no supplementary groups): what it
// returned, or nothing when the child could not drop to `id` or did not end cleanly.
std::optional<std::string> inChildAs(uid_t id, const std::function<std::string()>& body);

#ifdef JUXTACTL
// juxtactl as built (the test target's JUXTACTL="$<TARGET_FILE:juxtactl>").
inline ProgramRun juxtactl(
    const QStringList& args, std::chrono::milliseconds timeout = std::chrono::seconds(20),
    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    return runProgram(QStringLiteral(JUXTACTL), args, timeout, environment);
}
#endif

}  // namespace juxta::testing
