// An imported image run for real: a 2-layer OCI layout built here (layer 2 whites out a file of
// layer 1, makes a directory opaque, and the config sets Env, Cmd and WorkingDir) is imported
// with `juxtactl image import` and run with `juxtactl run`: the overlay must hide what the
// whiteouts name, and the container must start with the image's defaults.
#include <QElapsedTimer>
#include <QTest>
#include <QThread>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "images/busybox_image.h"
#include "support/image_builder.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;

class TestImageImportRun : public QObject {
    Q_OBJECT
    ContainerFixture fx;

    fs::path buildLayout() {
        std::ifstream in(images::hostBusybox(), std::ios::binary);
        const std::string busybox((std::istreambuf_iterator<char>(in)), {});
        std::vector<TarEntry> lower = {{"bin/", 'd', "", 0755},     {"bin/busybox", 'f', busybox, 0755},
                                       {"etc/", 'd', "", 0755},     {"etc/secret", 'f', "from layer 1\n"},
                                       {"etc/keep", 'f', "kept\n"}, {"data/", 'd', "", 0755},
                                       {"data/old", 'f', "old\n"},  {"proc/", 'd', "", 0755},
                                       {"sys/", 'd', "", 0755},     {"dev/", 'd', "", 0755},
                                       {"tmp/", 'd', "", 01777}};
        for (const char* applet : {"sh", "cat", "ls", "pwd", "test", "echo"})
            lower.push_back({std::string("bin/") + applet, 'l', "", 0777, "busybox"});
        const std::vector<TarEntry> upper = {{"etc/.wh.secret", 'f'},
                                             {"data/", 'd', "", 0755},
                                             {"data/.wh..wh..opq", 'f'},
                                             {"data/new", 'f', "new\n"},
                                             {"work/", 'd', "", 0755}};
        OciLayoutBuilder oci(fx.dataDir().parent_path() / "layout");
        oci.addLayer(makeLayer(lower, Compression::Gzip));
        oci.addLayer(makeLayer(upper, Compression::Zstd));
        oci.config = {{"Env", {"PATH=/bin", "GREETING=hello from the image"}},
                      {"Cmd",
                       {"/bin/sh", "-c",
                        "echo \"$GREETING\"; pwd; ls /data; cat /etc/keep; "
                        "test -e /etc/secret && echo secret visible || echo secret hidden"}},
                      {"WorkingDir", "/work"}};
        oci.write("example.org/twolayer:1");
        return oci.dir();
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    void importedImageRunsWithItsConfigAndWhiteouts() {
        const fs::path layout = buildLayout();
        auto imported = juxtactl({"image", "import", QString::fromStdString(layout.string())});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QVERIFY2(imported.out.contains("imported twolayer-1: 2 layers (2 extracted"),
                 qPrintable(imported.out));

        auto run = juxtactl({"run", "--rm", "twolayer-1"});  // the image's own command
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QCOMPARE(run.out, QString("hello from the image\n/work\nnew\nkept\nsecret hidden\n"));

        // A command given on the line replaces Cmd; Env and WorkingDir still apply.
        auto env = juxtactl({"run", "--rm", "twolayer-1", "--", "sh", "-c", "echo $GREETING; pwd"});
        QCOMPARE(env.out, QString("hello from the image\n/work\n"));
    }

    void aSecondImportSharesTheLayers() {
        const fs::path layout = fx.dataDir().parent_path() / "layout";
        auto again = juxtactl({"image", "import", "--name", "copy", QString::fromStdString(layout.string())});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains("0 extracted, 2 already in the store"), qPrintable(again.out));
        auto list = juxtactl({"images", "--json"});
        QCOMPARE(list.code, 0);
        for (const auto& image : nlohmann::json::parse(list.out.toStdString())) {
            if (image["name"] == "busybox") continue;
            QCOMPARE(image["unique_bytes"].get<uint64_t>(), uint64_t(0));
            QVERIFY(image["shared_bytes"].get<uint64_t>() > 500'000);  // busybox is in layer 1
        }
        QVERIFY(juxtactl({"images"}).out.contains("SHARED"));
    }

    // libarchive is loaded by an import only: without it, juxtactl still runs containers and an
    // import says what to install. (A private mount namespace hides the library from this run.)
    void withoutLibarchiveAnImportSaysWhatToInstall() {
        // The copy this test itself loaded (its layer builder links libarchive): where juxtactl finds it too.
        QString lib;
        std::ifstream maps("/proc/self/maps");
        for (std::string line; lib.isEmpty() && std::getline(maps, line);)
            if (const auto at = line.find('/');
                at != std::string::npos && line.find("libarchive.so.13") != std::string::npos)
                lib = QString::fromStdString(line.substr(at));
        QVERIFY2(!lib.isEmpty(), "libarchive.so.13 is not mapped in this test");
        const QString hide = "mount --bind /dev/null " + lib + " && exec \"$0\" \"$@\"";
        OciLayoutBuilder oci(fx.dataDir().parent_path() / "layout-new");  // a layer not in the store yet
        oci.addLayer(makeLayer({{"only-here", 'f', "new\n"}}, Compression::Gzip));
        oci.write("example.org/nolib:1");
        const fs::path layout = oci.dir();
        auto import = runProgram("unshare", {"-m", "/bin/sh", "-c", hide, JUXTACTL, "image", "import",
                                             "--name", "nolib", QString::fromStdString(layout.string())});
        QCOMPARE(import.code, 1);
        QVERIFY2(import.err.contains("importing an image needs libarchive") &&
                     import.err.contains("apt install libarchive13"),
                 qPrintable(import.err));
        QVERIFY(!juxtactl({"images"}).out.contains("nolib"));
        auto run = runProgram("unshare", {"-m", "/bin/sh", "-c", hide, JUXTACTL, "run", "--rm", "busybox",
                                          "--", "echo", "ran"});
        QVERIFY2(run.code == 0 && run.out == "ran\n", qPrintable(run.err));
    }

    // The image's StopSignal is what `stop` sends first: a shell as the container's init ignores
    // SIGTERM (pid 1 has no default action) and would be killed after the grace period; it traps
    // SIGUSR1 (the image's) and SIGUSR2 (--stop-signal's) and says which one came.
    void stopSendsTheImagesStopSignal() {
        std::ifstream in(images::hostBusybox(), std::ios::binary);
        const std::string busybox((std::istreambuf_iterator<char>(in)), {});
        std::vector<TarEntry> files = {{"bin/", 'd', "", 0755}, {"bin/busybox", 'f', busybox, 0755}};
        for (const char* applet : {"sh", "sleep", "echo"})
            files.push_back({std::string("bin/") + applet, 'l', "", 0777, "busybox"});
        OciLayoutBuilder oci(fx.dataDir().parent_path() / "layout-stop");
        oci.addLayer(makeLayer(files, Compression::Gzip));
        const std::string script =
            "trap 'echo stopped by usr1; exit 0' USR1; trap 'echo stopped by usr2; exit 0' USR2; "
            "while true; do sleep 0.1; done";
        oci.config = {{"Env", {"PATH=/bin"}}, {"Cmd", {"/bin/sh", "-c", script}}, {"StopSignal", "SIGUSR1"}};
        oci.write("example.org/stopper:1");
        QCOMPARE(juxtactl({"image", "import", QString::fromStdString(oci.dir().string())}).code, 0);
        for (const bool overridden : {false, true}) {
            const QString name = overridden ? "stopper-usr2" : "stopper";
            QStringList create = {"create", "--name", name};
            if (overridden) create << QStringList{"--stop-signal", "USR2"};
            create << "stopper-1";
            auto made = juxtactl(create);
            QVERIFY2(made.code == 0, qPrintable(made.err));
            QCOMPARE(juxtactl({"start", name}).code, 0);
            QThread::msleep(500);  // the traps are set
            auto stopped = juxtactl({"stop", "--time", "20", name}, std::chrono::seconds(30));
            QVERIFY2(stopped.code == 0, qPrintable(stopped.err));
            const QString logs = juxtactl({"logs", name}).out;
            QVERIFY2(logs.contains(overridden ? "stopped by usr2" : "stopped by usr1"), qPrintable(logs));
            QCOMPARE(juxtactl({"rm", name}).code, 0);
        }
        QVERIFY(
            juxtactl({"create", "--stop-signal", "NOPE", "stopper-1"}).err.contains("unknown signal 'NOPE'"));
    }
};

QTEST_GUILESS_MAIN(TestImageImportRun)
#include "test_image_import_run.moc"
