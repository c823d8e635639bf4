// A container start where "/" is a plain directory, as in a chroot into a debootstrapped tree: the
// kernel refuses to make the mounts private (EINVAL), and `juxtactl run` must say what that means
// and what to do in one line, leave nothing behind, and `juxtactl host` must report the same.
// The chroot is made in a mount namespace of its own (unshare), so nothing reaches the host's.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "core/host_root.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;

namespace {

// bash -c SCRIPT _ DIR JUXTACTL ARGS...: a root that is a new directory in DIR with bind mounts of what
// juxtactl needs (the build, libraries, /proc, /sys, /dev, /tmp where the test's state lives), then
// chroot. Where "/" is a plain directory already (this suite itself runs in such a chroot), the
// mounts cannot be made private — and need not be: juxtactl runs right there.
const char* kPlainRootScript = R"sh(
set -e
mount --make-rprivate / 2>/dev/null || { shift; exec "$@"; }
r=$(mktemp -d "$1/root.XXXXXX") && shift
for d in bin sbin lib lib32 lib64 libx32; do
  if [ -L /$d ]; then ln -s "$(readlink /$d)" "$r/$d"
  elif [ -d /$d ]; then mkdir "$r/$d" && mount --rbind /$d "$r/$d"; fi
done
for d in usr etc proc sys dev; do mkdir "$r/$d" && mount --rbind /$d "$r/$d"; done
mkdir "$r/tmp" && mount --bind /tmp "$r/tmp"
b=$(dirname "$1") && mkdir -p "$r$b" && mount --bind "$b" "$r$b"
exec chroot "$r" "$@"
)sh";

}  // namespace

class TestChrootRoot : public QObject {
    Q_OBJECT
    ContainerFixture fx;
    QTemporaryDir root_;

    ProgramRun inPlainRoot(const QStringList& args) {
        return runProgram("unshare", QStringList{"--mount", "--propagation", "unchanged", "bash", "-c",
                                                 kPlainRootScript, "bash", root_.path(), JUXTACTL} +
                                         args);
    }
    // No mount under the chroot's directory is left in this namespace (they died with the child's).
    QStringList mountsUnderRoot() const {
        QStringList found;
        std::ifstream mountinfo("/proc/self/mountinfo");
        for (std::string line; std::getline(mountinfo, line);)
            if (line.find(root_.path().toStdString()) != std::string::npos)
                found << QString::fromStdString(line);
        return found;
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        QVERIFY(root_.isValid());
    }

    void runSaysTheRootIsNoMountPointAndLeavesNothing() {
        auto r = inPlainRoot({"run", "--rm", "busybox", "/bin/true"});
        QVERIFY2(r.code == 1, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(kRootNotAMountPoint), qPrintable(r.err));
        QVERIFY2(r.err.contains("make mounts private"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);  // one line
        QVERIFY(r.out.isEmpty());
        if (fs::exists(fx.runtimeDir() / "containers")) QVERIFY(fs::is_empty(fx.runtimeDir() / "containers"));
        QVERIFY(!fs::exists(fx.dataDir() / "containers") || fs::is_empty(fx.dataDir() / "containers"));
        QVERIFY2(mountsUnderRoot().isEmpty(), qPrintable(mountsUnderRoot().join('\n')));
    }

    void hostReportsIt() {
        auto text = inPlainRoot({"host"});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(QString("/ is a mount     no — containers cannot start: ") +
                                   kRootNotAMountPoint),
                 qPrintable(text.out));
        auto json = inPlainRoot({"host", "--json"});
        QVERIFY2(json.code == 0, qPrintable(json.err));
        auto j = nlohmann::json::parse(json.out.toStdString());
        QCOMPARE(j["root_filesystem"]["mount_point"].get<bool>(), false);
        bool warned = false;
        for (const auto& w : j["warnings"])
            warned = warned || w.get<std::string>().find(kRootNotAMountPoint) != std::string::npos;
        QVERIFY2(warned, json.out.toUtf8().constData());
    }

    void cleanupTestCase() {
        // Never remove the directory recursively while something is mounted in it (it would reach /usr).
        if (!mountsUnderRoot().isEmpty()) root_.setAutoRemove(false);
    }
};

QTEST_GUILESS_MAIN(TestChrootRoot)
#include "test_chroot_root.moc"
