// Pull Image through the GUI from a real registry (Debian's docker-registry on 127.0.0.1 with TLS,
// its CA in the user's ~/.config/containers/certs.d as Podman reads it): opened from the File menu,
// a row per layer and the total reach "Done" and the image is in the store; Cancel in the middle of
// a 64 MiB layer stops the pull (no image, a partial download kept for the next pull); a wrong
// reference is one message in the dialog; New Container's Pull… button pulls what is typed there and
// fills the field with the store's name; the Images view lists, shows, runs and removes images.
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>
#include <filesystem>
#include <fstream>
#include <random>

#include "dialogs/new_container_dialog.h"
#include "dialogs/pull_image_dialog.h"
#include "images/busybox_image.h"
#include "images/image_import.h"
#include "images/image_store.h"
#include "main_window_driver.h"
#include "models/image_list_model.h"
#include "pages/images_page.h"
#include "support/image_builder.h"
#include "support/local_registry.h"
#include "support/scratch_state.h"

using namespace juxta;
using namespace juxta::ui;
using namespace juxta::ui::testing;
namespace fs = std::filesystem;

class TestGuiPull : public QObject {
    Q_OBJECT
    juxta::testing::ScratchState state_;
    juxta::testing::LocalRegistry registry_;

    QString at(const QString& repoTag) const { return registry_.host() + "/" + repoTag; }
    fs::path store() const { return state_.dataDir() / "images"; }

    static juxta::testing::Layer busyboxLayer() {
        std::ifstream in(images::hostBusybox(), std::ios::binary);
        const std::string busybox((std::istreambuf_iterator<char>(in)), {});
        return juxta::testing::makeLayer({{"bin/", 'd', "", 0755}, {"bin/busybox", 'f', busybox, 0755}},
                                         juxta::testing::Compression::Gzip);
    }

    void push(const fs::path& dir, std::size_t noiseBytes, const QString& repoTag) {
        juxta::testing::OciLayoutBuilder oci(dir);
        oci.addLayer(busyboxLayer());
        if (noiseBytes > 0) {
            std::string noise(noiseBytes, '\0');
            std::mt19937_64 random(11);
            for (std::size_t i = 0; i + 8 <= noise.size(); i += 8) {
                const std::uint64_t v = random();
                std::memcpy(noise.data() + i, &v, 8);
            }
            oci.addLayer(juxta::testing::makeLayer({{"data/", 'd', "", 0755}, {"data/noise", 'f', noise}},
                                                   juxta::testing::Compression::Gzip));
        }
        oci.config = {{"Cmd", {"/bin/busybox", "echo", "hi"}}};
        oci.write();
        auto pushed = registry_.push(dir, repoTag);
        QVERIFY2(pushed.code == 0, qPrintable(pushed.err));
    }

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        state_.useHere();
        // The user's certs.d: HOME is the scratch directory, so nothing of the machine's counts.
        const fs::path home = state_.root() / "home";
        qputenv("HOME", QByteArray::fromStdString(home.string()));
        qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString((home / "run").string()));
        qputenv("REGISTRY_AUTH_FILE", QByteArray::fromStdString((home / "auth.json").string()));
        if (auto why = registry_.start(state_.root() / "registry", juxta::testing::LocalRegistry::Auth::None);
            !why.empty()) {
            if (qEnvironmentVariableIsSet("CI")) QFAIL(why.c_str());
            QSKIP(why.c_str());
        }
        const fs::path certs = home / ".config/containers/certs.d" / registry_.host().toStdString();
        fs::create_directories(certs);
        fs::copy_file(registry_.certDir() / "ca.crt", certs / "ca.crt");
        push(state_.root() / "small", 0, "gui/small:1");
        push(state_.root() / "big", std::size_t(64) << 20, "gui/big:1");
    }

    void pullFromTheFileMenuShowsEveryLayerDone() {
        RunningApp app;
        app.w.pullImageAction()->trigger();
        PullImageDialog* dialog = app.w.pullDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QSignalSpy pulled(dialog, &PullImageDialog::imagePulled);
        dialog->referenceEdit()->setText(at("gui/small:1"));
        QTest::mouseClick(dialog->pullButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(pulled.count(), 1, 60000);
        QCOMPARE(pulled.at(0).at(0).toString(), QString("small-1"));
        QCOMPARE(dialog->layerList()->topLevelItemCount(), 1);
        QCOMPARE(dialog->layerList()->topLevelItem(0)->text(1),
                 PullImageDialog::tr("Done"));  // the State column
        QCOMPARE(dialog->totalBar()->value(), 1000);
        QVERIFY2(dialog->statusLabel()->text().contains("small-1"),
                 qPrintable(dialog->statusLabel()->text()));
        QCOMPARE(dialog->cancelButton()->text(), PullImageDialog::tr("Close"));
        QVERIFY(fs::exists(store() / "repositories/small-1.json"));
    }

    void cancelStopsAPullMidway() {
        PullImageDialog dialog;
        dialog.show();
        bool cancelledMidway = false;
        connect(dialog.puller(), &ImagePuller::progress, &dialog, [&](const images::PullProgress& p) {
            if (cancelledMidway || p.layers.size() < 2) return;
            const auto& big = p.layers[1];
            if (big.done > 0 && big.done < big.size) {
                cancelledMidway = true;
                QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
            }
        });
        QSignalSpy failed(dialog.puller(), &ImagePuller::failed);
        dialog.setReference(at("gui/big:1"));
        dialog.startPull();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        QVERIFY2(cancelledMidway, "the 64 MiB layer was never seen in the middle");
        QCOMPARE(failed.at(0).at(1).toBool(), true);
        QVERIFY(dialog.isVisible());  // Cancel stopped the pull; the dialog stays for another try
        QVERIFY(dialog.statusLabel()->text().contains(PullImageDialog::tr("Cancelled").left(8)));
        QVERIFY(!fs::exists(store() / "repositories/big-1.json"));
        QVERIFY(dialog.pullButton()->isEnabled());
        // The next pull finishes it.
        QSignalSpy pulled(&dialog, &PullImageDialog::imagePulled);
        dialog.startPull();
        QTRY_COMPARE_WITH_TIMEOUT(pulled.count(), 1, 60000);
        QVERIFY(fs::exists(store() / "repositories/big-1.json"));
    }

    void aBadReferenceIsOneMessage() {
        PullImageDialog dialog;
        dialog.show();
        dialog.setReference("Not A Reference");
        dialog.startPull();
        QVERIFY(!dialog.puller()->running());
        QVERIFY2(dialog.statusLabel()->text().contains("is not an image reference"),
                 qPrintable(dialog.statusLabel()->text()));
        QSignalSpy failed(dialog.puller(), &ImagePuller::failed);
        dialog.setReference(at("gui/none:1"));
        dialog.startPull();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        QVERIFY2(dialog.statusLabel()->text().contains("no such image"),
                 qPrintable(dialog.statusLabel()->text()));
    }

    void newContainersPullButtonFillsTheImage() {
        RunningApp app;
        NewContainerDialog* dialog = openDialog<NewContainerDialog>(app.w, "New Container…");
        QVERIFY(dialog);
        dialog->imageBox()->setCurrentText(at("gui/small:1"));
        QTest::mouseClick(dialog->pullButton(), Qt::LeftButton);
        QTRY_VERIFY(app.w.pullDialog());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->imageBox()->currentText(), QString("small-1"), 60000);
    }

    // The Images view (View → Images): each image with where it came from, its size and what it
    // declares; Run… opens New Container with it; Remove takes it out of the store and the list.
    void imagesViewShowsRunsAndRemoves() {
        juxta::testing::OciLayoutBuilder oci(state_.root() / "declared");
        oci.addLayer(busyboxLayer());  // the layer small-1 has: shared
        oci.config = {{"Cmd", {"/bin/busybox", "httpd", "-f"}},
                      {"ExposedPorts", {{"80/tcp", nlohmann::json::object()}}},
                      {"Volumes", {{"/data", nlohmann::json::object()}}},
                      {"Labels", {{"tier", "front"}}},
                      {"Healthcheck", {{"Test", {"CMD-SHELL", "true"}}, {"Interval", 5'000'000'000LL}}}};
        oci.write();
        auto store = images::ImageStore::atDefaultLocation();
        auto imported = images::importImage(store, oci.dir(), "declared");
        QVERIFY2(imported, imported ? "" : imported.error().message().c_str());

        RunningApp app;
        app.w.showImages();
        ImagesPage* page = app.w.imagesPage();
        QCOMPARE(app.w.sections()->currentWidget(), page);
        QTRY_VERIFY(page->model()->rowOf("declared") >= 0 && page->model()->rowOf("small-1") >= 0);
        const int row = page->model()->rowOf("declared");
        const QString shared = page->model()->index(row, ImageListModel::Shared).data().toString();
        QVERIFY2(shared != "0 B", qPrintable(shared));  // busybox is small-1's layer too
        QCOMPARE(page->model()
                     ->index(page->model()->rowOf("small-1"), ImageListModel::Reference)
                     .data()
                     .toString(),
                 at("gui/small:1"));
        page->selectImage("declared");
        QCOMPARE(page->selectedImage(), QString("declared"));
        const QString details = page->findChild<QTextBrowser*>("imageDetails")->toPlainText();
        for (const char* want : {"80/tcp", "/data", "tier=front", "/bin/sh -c true", "/bin/busybox httpd -f"})
            QVERIFY2(details.contains(want), qPrintable(details));

        QTest::mouseClick(page->findChild<QPushButton*>("runImage"), Qt::LeftButton);
        auto* dialog = app.w.findChild<NewContainerDialog*>();
        QTRY_VERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->imageBox()->currentText(), QString("declared"));
        dialog->close();

        QSignalSpy removed(page->catalog(), &ImageCatalog::removed);
        page->catalog()->remove("declared");
        QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, 30000);
        QVERIFY2(removed.at(0).at(1).toBool(), qPrintable(removed.at(0).at(2).toString()));
        QTRY_COMPARE(page->model()->rowOf("declared"), -1);
        QVERIFY(page->model()->rowOf("small-1") >= 0);
        QVERIFY(!store.resolve("declared"));
    }

    void cleanupTestCase() { registry_.stop(); }
};

QTEST_MAIN(TestGuiPull)
#include "test_gui_pull.moc"
