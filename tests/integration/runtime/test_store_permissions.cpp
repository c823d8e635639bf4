// The store and state dirs against another local user, and layers changed behind Juxta's back.
// As root (CI): images imported, a container run and kept; then a process running as nobody tries
// to create a file in every directory and to write every file under the data, runtime and state
// dirs — layers with 1777 directories included — and must fail everywhere (a 0777 directory of the
// test's own proves the probe can succeed). The modes are asserted too. Then a file planted in a
// layer: `image verify` reports it, `run --verify` and `create --verify` refuse the image. And
// `image import` stops an image past --max-size or the free-space floor, leaving nothing.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QTest>
#include <filesystem>
#include <fstream>

#include "container_fixture.h"
#include "support/image_builder.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;

namespace {

constexpr uid_t kNobody = 65534;

int modeOf(const fs::path& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// As nobody (in a child): for each directory, create a file in it; for each file, open it for
// writing. Returns what succeeded.
std::vector<std::string> writableByNobody(const std::vector<fs::path>& dirs,
                                          const std::vector<fs::path>& files) {
    const auto out = testing::inChildAs(kNobody, [&] {
        std::string said;
        for (const auto& d : dirs) {
            const fs::path planted = d / ".planted-by-nobody";
            const int fd = ::open(planted.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
            if (fd >= 0) said += d.string() + "\n", ::close(fd), ::unlink(planted.c_str());
        }
        for (const auto& f : files) {
            const int fd = ::open(f.c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK);
            if (fd >= 0) said += f.string() + "\n", ::close(fd);
        }
        return said;
    });
    if (!out) qFatal("the nobody probe could not drop to uid %u", kNobody);
    std::vector<std::string> hits;
    for (std::size_t pos = 0, eol; (eol = out->find('\n', pos)) != std::string::npos; pos = eol + 1)
        hits.push_back(out->substr(pos, eol - pos));
    return hits;
}

}  // namespace

class TestStorePermissions : public QObject {
    Q_OBJECT
    ContainerFixture fx;
    fs::path base() const { return fx.dataDir().parent_path(); }
    fs::path stateDir() const { return base() / "state"; }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        // The temp dir is 0700 itself: open it, so only Juxta's own modes stand in nobody's way.
        fs::permissions(base(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
    }

    void noOtherUserCanWriteAnywhereInTheStoreOrStateDirs() {
        OciLayoutBuilder oci(base() / "layout");  // an image with world-writable directories
        oci.addLayer(
            makeLayer({{"tmp/", 'd', "", 01777}, {"open/", 'd', "", 0777}, {"open/f", 'f', "x", 0666}}));
        oci.write("example.org/open:1");
        auto imported = juxtactl({"image", "import", QString::fromStdString(oci.dir().string())});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        auto run = juxtactl({"run", "--name", "kept", "busybox", "--", "echo", "hello"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QCOMPARE(juxtactl({"create", "--name", "started", "busybox", "--", "echo", "to the log"}).code, 0);
        auto started = juxtactl({"start", "started"});  // under its monitor: a log in the state dir
        QVERIFY2(started.code == 0, qPrintable(started.err));
        for (int i = 0; i < 100 && !juxtactl({"logs", "started"}).out.contains("to the log"); ++i)
            QTest::qWait(50);

        for (const fs::path& d : {fx.dataDir(), fx.runtimeDir(), stateDir(), fx.dataDir() / "images",
                                  fx.dataDir() / "images/layers", fx.dataDir() / "images/repositories"})
            QVERIFY2(modeOf(d) == 0700, qPrintable(QString("%1 is %2").arg(d.c_str()).arg(modeOf(d), 0, 8)));
        const fs::path control = base() / "control";  // the probe works: this one it can write
        fs::create_directories(control);
        fs::permissions(control, fs::perms::all);
        std::vector<fs::path> dirs = {control}, files;
        std::map<std::string, int> privateFiles;  // definitions, states, logs, manifests: 0600
        for (const fs::path& top : {fx.dataDir(), fx.runtimeDir(), stateDir()}) {
            dirs.push_back(top);
            for (auto it = fs::recursive_directory_iterator(top); it != fs::recursive_directory_iterator();
                 ++it) {
                const auto type = it->symlink_status().type();
                if (type == fs::file_type::directory) dirs.push_back(it->path());
                if (type == fs::file_type::regular) files.push_back(it->path());
                const std::string name = it->path().filename().string();
                if (name == "container.json" || name == "state.json" || it->path().extension() == ".log" ||
                    it->path().parent_path().filename() == "repositories") {
                    QVERIFY2(modeOf(it->path()) == 0600, it->path().c_str());
                    ++privateFiles[name == "container.json" || name == "state.json"
                                       ? name
                                       : it->path().extension().string()];
                }
            }
        }
        QVERIFY(privateFiles["container.json"] >= 2);
        QVERIFY(privateFiles["state.json"] >= 1);
        QVERIFY(privateFiles[".log"] >= 1);
        QVERIFY(privateFiles[".json"] >= 2);  // the busybox and open manifests
        qInfo("probing %zu directories and %zu files as uid %u", dirs.size(), files.size(), kNobody);
        QVERIFY(dirs.size() > 20);
        const auto hits = writableByNobody(dirs, files);
        QVERIFY2(!hits.empty() && hits[0] == control.string(),
                 "the probe could not write its own 0777 directory");
        for (std::size_t i = 1; i < hits.size(); ++i) qWarning("writable by nobody: %s", hits[i].c_str());
        QCOMPARE(hits.size(), std::size_t(1));
    }

    void aLayerChangedAfterImportIsReportedAndRefused() {
        auto ok = juxtactl({"image", "verify", "busybox"});
        QVERIFY2(ok.code == 0, qPrintable(ok.out + ok.err));
        const std::string layerId = fx.busybox().layerIds[0];
        QVERIFY2(ok.out.contains(QString::fromStdString("busybox " + layerId + " ok")), qPrintable(ok.out));

        const fs::path planted = fx.busybox().layerDirs[0] / "etc/planted";
        std::ofstream(planted) << "from outside\n";
        auto bad = juxtactl({"image", "verify"});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.out.contains(QString::fromStdString("busybox " + layerId + " modified (sha256:")),
                 qPrintable(bad.out));
        for (const char* command : {"run", "create"}) {
            QStringList args = {command, "--verify", "busybox", "--", "true"};
            if (QString(command) == "run") args.insert(1, "--rm");
            auto refused = juxtactl(args);
            QVERIFY2(refused.code == 1, command);
            QVERIFY2(refused.err.contains(
                         QString::fromStdString("layer " + layerId + " was modified since import")),
                     qPrintable(refused.err));
        }
        // Without --verify the planted file is simply there: the refusal above is the check's.
        auto unchecked = juxtactl({"run", "--rm", "busybox", "--", "cat", "/etc/planted"});
        QCOMPARE(unchecked.out, QString("from outside\n"));
        fs::remove(planted);
        QCOMPARE(juxtactl({"run", "--rm", "--verify", "busybox", "--", "true"}).code, 0);
    }

    void importPastItsLimitsLeavesNothing() {
        OciLayoutBuilder oci(base() / "bomb");  // 16 MiB of zeros in a small gzip
        oci.addLayer(makeLayer({{"zeros", 'f', std::string(16u << 20, '\0')}}, Compression::Gzip));
        oci.write("example.org/bomb:1");
        const QString layout = QString::fromStdString(oci.dir().string());
        auto tooBig = juxtactl({"image", "import", "--max-size", "4M", layout});
        QCOMPARE(tooBig.code, 1);
        QVERIFY2(tooBig.err.contains("stopped: the image is larger than the limit of 4.00 MiB uncompressed"),
                 qPrintable(tooBig.err));
        qputenv("JUXTA_MIN_FREE", "1000000T");  // more than any disk has: the floor is crossed at once
        auto noRoom = juxtactl({"image", "import", layout});
        qunsetenv("JUXTA_MIN_FREE");
        QCOMPARE(noRoom.code, 1);
        QVERIFY2(noRoom.err.contains("would fall below its floor of"), qPrintable(noRoom.err));
        QCOMPARE(juxtactl({"image", "import", "--min-free", "lots", layout}).code, 2);  // a usage error
        QVERIFY(!juxtactl({"images"}).out.contains("bomb"));
        QVERIFY(fs::is_empty(fx.dataDir() / "images/tmp"));
        for (const auto& layer : fs::directory_iterator(fx.dataDir() / "images/layers"))
            QVERIFY2(!fs::exists(layer.path() / "zeros"), layer.path().c_str());
        auto fits = juxtactl({"image", "import", "--max-size", "64M", layout});
        QVERIFY2(fits.code == 0, qPrintable(fits.err));
    }
};

QTEST_GUILESS_MAIN(TestStorePermissions)
#include "test_store_permissions.moc"
