#pragma once
// Shared by the runtime's integration tests: a temporary data/runtime dir (JUXTA_*_DIR point
// there), the busybox image, a base spec to override, and a run that captures the output.
#include <QStringList>
#include <QTemporaryDir>
#include <filesystem>
#include <string>
#include <vector>

#include "images/image.h"
#include "runtime/container.h"

// QCOMPARE of a Cli's exit code that shows the program's own message when they differ: a failed
// container start fails the test with the runtime's words.
#define JUXTA_COMPARE_EXIT(cli, want)                                                                        \
    do {                                                                                                     \
        const auto cli_ = (cli);                                                                             \
        QVERIFY2(cli_.code == (want),                                                                        \
                 qPrintable(                                                                                 \
                     QString("exit %1, expected %2: %3").arg(cli_.code).arg(want).arg(cli_.err.trimmed()))); \
    } while (false)

namespace juxta::testing {

class ContainerFixture {
  public:
    // Sets JUXTA_DATA_DIR / JUXTA_RUNTIME_DIR / JUXTA_STATE_DIR and makes the busybox image.
    // Returns an empty string, or why the tests must be skipped (not root, no busybox).
    std::string setUp();

    std::filesystem::path dataDir() const { return root() / "data"; }
    std::filesystem::path runtimeDir() const { return root() / "run"; }
    const images::Image& busybox() const { return busybox_; }

    // A fresh id, the busybox layer, an in-memory writable layer, the command.
    runtime::ContainerSpec spec(std::vector<std::string> args) const;

    struct Run {
        runtime::ExitStatus exit;
        std::string output;  // stdout and stderr, interleaved
        PhaseTimeline timeline;
    };
    // Starts, collects the output until exit, cleans up. Fails the test on a start error.
    Run run(const runtime::ContainerSpec& spec, runtime::StartOptions options = {}) const;

    struct Cli {
        int code = -1;  // -1: killed or crashed
        QString out, err;
    };
    // Runs a program (juxtactl) to the end, 20 s at most.
    static Cli runCli(const QString& program, const QStringList& args);

    // An HTTP/1.0 GET of address:port/path from this process, the reply as read to EOF ("connect
    // failed" if nothing listens). The request side is half-closed once sent, as a client may.
    static std::string httpGet(const std::string& address, int port, const std::string& path);

    // Leftovers of a container: cgroup directories and mounts naming the id or the temp dir.
    std::vector<std::string> leftovers(const std::string& id) const;

  private:
    std::filesystem::path root() const { return dir_.path().toStdString(); }
    QTemporaryDir dir_;
    images::Image busybox_;
};

}  // namespace juxta::testing
