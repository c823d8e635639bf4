// A user's path through the GUI with real VMs (the lifecycle library, juxta-vm-monitor, juxta-vmm): the New
// VM dialog refuses what it can see, says up front when this host's KVM cannot boot a stock kernel (PVM) and
// shows juxta-vmm's refusal when the user tries anyway; a forced VM appears in the list with its graphs, its
// start-up timeline and an attached serial console, stops, and is deleted.
#include <fcntl.h>
#include <unistd.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include "bridge/engine.h"
#include "charts/time_series_chart.h"
#include "dialogs/new_vm_dialog.h"
#include "main_window.h"
#include "main_window_driver.h"
#include "models/instance_list_model.h"
#include "pages/console_page.h"
#include "pages/graphs_page.h"
#include "support/scratch_state.h"

using namespace juxta;
using namespace juxta::ui;
using namespace juxta::ui::testing;

class TestGuiVms : public QObject {
    Q_OBJECT
    juxta::testing::ScratchState state_;  // every write of the engine goes there

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        state_.useHere();
        qputenv("JUXTA_KERNEL", JUXTA_TEST_KERNEL);
    }

    void dialogRefusesWhatItSees() {
        RunningApp app;
        auto& [engine, w] = app;
        NewVmDialog* dialog = openDialog<NewVmDialog>(w, "New VM…");
        QVERIFY(dialog);
        auto* error = dialog->findChild<QLabel*>("dialogError");
        dialog->imageBox()->setCurrentIndex(1);  // my own kernel, but none given
        dialog->accept();
        QVERIFY(error->isVisible() && error->text().contains("kernel"));
        dialog->imageBox()->setCurrentIndex(0);
        dialog->nameEdit()->setText("gui-bad-vm");
        dialog->memoryEdit()->setText("lots");
        dialog->accept();  // the engine's answer comes back into the dialog
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible() && error->text().contains("memory"), 15000);
        QVERIFY2(error->text().contains("memory"), qPrintable(error->text()));
        QVERIFY(dialog->isVisible());
        QTest::qWait(600);
        QCOMPARE(rowOf(w, "gui-bad-vm"), -1);  // nothing half-made

        // Disks: the list's order and check boxes are the request's; a missing one is refused
        // before anything is made, with the file named.
        QTemporaryDir dir;
        const QString good = dir.filePath("good.raw"), missing = dir.filePath("missing.raw");
        QFile f(good);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.resize(1 << 20));
        f.close();
        dialog->memoryEdit()->setText("128M");
        dialog->addDisk(good, true);
        dialog->addDisk(missing);
        QCOMPARE(dialog->diskList()->count(), 2);
        const VmRequest r = dialog->request();
        QCOMPARE(r.disks.size(), 2);
        QCOMPARE(r.disks[0].file, good);
        QVERIFY(r.disks[0].readOnly);
        QVERIFY(!r.disks[1].readOnly);
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible() && error->text().contains("missing.raw"), 15000);
        QVERIFY2(error->text().contains("no such file"), qPrintable(error->text()));
        QTest::qWait(600);
        QCOMPARE(rowOf(w, "gui-bad-vm"), -1);

        // A root disk: one of tiny-linux's disks; one the VM does not have is refused with the count.
        dialog->diskList()->clear();
        dialog->addDisk(good);
        QVERIFY(dialog->rootEdit()->isEnabled());
        dialog->rootEdit()->setText("/dev/vdb1");
        QCOMPARE(dialog->request().root, QString("/dev/vdb1"));
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible() && error->text().contains("/dev/vdb1"), 15000);
        QVERIFY2(error->text().contains("the VM has 1 disk"), qPrintable(error->text()));
        QTest::qWait(600);
        QCOMPARE(rowOf(w, "gui-bad-vm"), -1);
        dialog->rootEdit()->clear();

        // An OCI image as a VM: the image and its disk size are the request's; one the store does
        // not have is refused with its name.
        dialog->diskList()->clear();
        dialog->imageBox()->setCurrentIndex(2);
        QVERIFY(dialog->ociImageEdit()->isEnabled() && dialog->diskSizeEdit()->isEnabled());
        QVERIFY(!dialog->rootEdit()->isEnabled());  // an image's root is the image
        dialog->ociImageEdit()->setText("no-such-image");
        dialog->diskSizeEdit()->setText("256M");
        const VmRequest oci = dialog->request();
        QCOMPARE(oci.image, QString("no-such-image"));
        QCOMPARE(oci.diskSize, QString("256M"));
        QVERIFY(!oci.bridge);
        dialog->networkBox()->setCurrentIndex(1);
        QVERIFY(dialog->request().bridge);
        QVERIFY(oci.kernel.isEmpty());
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible() && error->text().contains("no-such-image"), 15000);
        QTest::qWait(600);
        QCOMPARE(rowOf(w, "gui-bad-vm"), -1);
    }

    void createWatchStopDelete() {
        const int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
        if (fd < 0) QSKIP("/dev/kvm is not usable here (VMs are tested end to end in the nested testbed)");
        ::close(fd);
        RunningApp app;
        auto& [engine, w] = app;
        QTRY_VERIFY(rowOf(w, "This host") == 0);
        QPointer<NewVmDialog> dialog = openDialog<NewVmDialog>(w, "New VM…");
        QVERIFY(dialog);
        dialog->nameEdit()->setText("gui-vm");
        dialog->memoryEdit()->setText("128M");
        dialog->vcpusBox()->setValue(2);
        auto* warning = dialog->findChild<QLabel*>("hostWarning");
        const bool pvm = QFile::exists("/sys/module/kvm_pvm");
        if (pvm) {
            QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 10000);  // said up front, once the host is probed
            QVERIFY(warning->text().contains("PVM"));
            QVERIFY(dialog->forceBox()->isVisible());
            dialog->accept();  // not forced: juxta-vmm refuses, the dialog says why and stays open
            auto* error = dialog->findChild<QLabel*>("dialogError");
            QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 30000);
            QVERIFY2(error->text().contains("PVM"), qPrintable(error->text()));
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-vm"), QString("Created"),
                                      10000);  // defined, not started
            engine.removeInstance(w.instanceModel()->instanceIdAt(rowOf(w, "gui-vm")), false);
            QTRY_COMPARE_WITH_TIMEOUT(rowOf(w, "gui-vm"), -1, 10000);
            dialog->forceBox()->setChecked(true);
        }
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-vm"), QString("Running"), 10000);
        const QString id = w.instanceModel()->instanceIdAt(rowOf(w, "gui-vm"));

        w.selectInstance(id);
        QTRY_VERIFY_WITH_TIMEOUT(w.graphsPage()->memoryChart()->pointCount() >= 3, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            w.findChild<QGroupBox*>("timelineBox") && w.findChild<QGroupBox*>("timelineBox")->isVisibleTo(&w),
            10000);
        w.tabs()->setCurrentIndex(2);  // Console
        QTRY_VERIFY_WITH_TIMEOUT(w.consolePage()->terminalShown(), 10000);

        toolbarAction(w, "Pause")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-vm"), QString("Paused"), 10000);
        toolbarAction(w, "Resume")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-vm"), QString("Running"), 10000);
        toolbarAction(w, "Stop")->trigger();  // the agent cannot answer on PVM: forced after the grace period
        QTRY_VERIFY_WITH_TIMEOUT(
            stateOf(w, "gui-vm").startsWith("Exited") || stateOf(w, "gui-vm").startsWith("Crashed"), 40000);

        engine.removeInstance(id, true);  // what Delete does once confirmed
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(w, "gui-vm"), -1, 20000);
    }
};

QTEST_MAIN(TestGuiVms)
#include "test_gui_vms.moc"
