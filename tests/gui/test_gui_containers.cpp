// A user's path through the GUI with real containers: New Container creates and starts one, it
// appears in the list with live graphs and its log, pause and resume take effect, bad limits are
// refused in the dialog, deleting it removes its row, and its Console tab is a working terminal
// (what is typed there runs in the container's shell). A graph opened after the GUI was closed shows
// what the monitors recorded meanwhile.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <qcustomplot.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "bridge/engine.h"
#include "charts/time_series_chart.h"
#include "compare/compare_setup.h"
#include "compare/compare_window.h"
#include "compare/comparison_table_model.h"
#include "compare/overlay_chart.h"
#include "core/unique_fd.h"
#include "dialogs/compose_dialog.h"
#include "dialogs/new_container_dialog.h"
#include "instances/history.h"
#include "main_window.h"
#include "main_window_driver.h"
#include "metrics/ring_file.h"
#include "models/instance_list_model.h"
#include "pages/console_page.h"
#include "pages/graphs_page.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/state.h"
#include "runtime/lifecycle/volumes.h"
#include "runtime/netlink.h"
#include "support/scratch_state.h"
#include "terminal/terminal_widget.h"

using namespace juxta;
using namespace juxta::ui;
using namespace juxta::ui::testing;

class TestGuiContainers : public QObject {
    Q_OBJECT
    juxta::testing::ScratchState state_;  // every write of the engine goes there

    static bool connectsTo(int port) {
        UniqueFd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(uint16_t(port));
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return ::connect(sock.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    }

  private slots:
    void initTestCase() {
        if (geteuid() != 0) QSKIP("containers with cgroup limits need root here; CI runs as root");
        QStandardPaths::setTestModeEnabled(true);
        state_.useHere();
        // The bridge and the published port of bridgeAndPublishedPort exist only in a network
        // namespace of the test's own (lo up, so 127.0.0.1 exists there).
        QVERIFY(::unshare(CLONE_NEWNET) == 0);
        auto nl = runtime::Netlink::open();
        QVERIFY(nl.ok());
        QVERIFY(nl->setUp("lo").ok());
    }

    // The dialog's network choice: a bridge container with a published port, which a client on
    // the host's loopback reaches while it runs and not after it is deleted; its restart policy and
    // labels kept with it (a label under Juxta's own "juxta." refused in the dialog).
    void bridgeAndPublishedPort() {
        RunningApp app;
        auto& [engine, w] = app;
        QPointer<NewContainerDialog> dialog = openDialog<NewContainerDialog>(w, "New Container…");
        QVERIFY(dialog);
        QVERIFY(!dialog->publishEdit()->isEnabled());  // ports need the bridge
        dialog->networkBox()->setCurrentIndex(dialog->networkBox()->findData("bridge"));
        QVERIFY(dialog->publishEdit()->isEnabled());
        dialog->nameEdit()->setText("gui-net");
        dialog->commandEdit()->setText("httpd -f -p 80");
        dialog->publishEdit()->setText("18090");  // no container port: refused in the dialog
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel*>("dialogError")->text().contains("HOSTPORT:PORT"));
        dialog->publishEdit()->setText("18090:80");
        dialog->labelsEdit()->setText("juxta.compose.project=x");  // Juxta's own: refused in the dialog
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel*>("dialogError")->text().contains("Juxta's own"));
        dialog->labelsEdit()->setText("tier=front 'owner=web team'");
        dialog->restartBox()->setCurrentIndex(dialog->restartBox()->findData("unless-stopped"));
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-net"), QString("Running"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(connectsTo(18090), 5000);
        {  // the restart policy and labels as the dialog said, kept in its definition
            auto d =
                runtime::loadDefinition(w.instanceModel()->instanceIdAt(rowOf(w, "gui-net")).toStdString());
            QVERIFY2(d, d ? "" : d.error().message().c_str());
            QCOMPARE(d->restart, std::string("unless-stopped"));
            QCOMPARE(d->spec.labels, (Labels{{"owner", "web team"}, {"tier", "front"}}));
        }
        w.selectInstance(w.instanceModel()->instanceIdAt(rowOf(w, "gui-net")));
        engine.removeInstance(w.selectedInstanceId(), true);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(w, "gui-net"), -1, 20000);
        QVERIFY(!connectsTo(18090));
    }

    // File → Open Compose File…: the project's services listed with their kind, ports and what they
    // wait for; Up brings them up as containers (they appear in the instance list under the project's
    // row, db healthy before web starts); the project's row shows their memory stacked, and Stop,
    // Start and Delete on it act on all of them; a file Juxta cannot run says why and offers no Up.
    void aComposeFileUpAndDown() {
        RunningApp app;
        auto& [engine, w] = app;
        QTemporaryDir dir;
        const QString file = dir.filePath("compose.yaml");
        std::ofstream(file.toStdString()) << "name: guistack\n"
                                             "services:\n"
                                             "  db:\n"
                                             "    image: busybox\n"
                                             "    command: [httpd, -f, -p, '80']\n"
                                             "    healthcheck: {test: [CMD, 'true'], interval: 300ms}\n"
                                             "    stop_grace_period: 500ms\n"
                                             "  web:\n"
                                             "    image: busybox\n"
                                             "    command: [sleep, '600']\n"
                                             "    ports: ['127.0.0.1:18091:80']\n"
                                             "    depends_on: {db: {condition: service_healthy}}\n"
                                             "    stop_grace_period: 500ms\n";
        QPointer<ComposeDialog> dialog = w.openComposeFile(file);
        QVERIFY(dialog);
        QCOMPARE(dialog->serviceList()->topLevelItemCount(), 2);
        QCOMPARE(dialog->serviceList()->topLevelItem(1)->text(0), QString("web"));
        QCOMPARE(dialog->serviceList()->topLevelItem(1)->text(2), QString("container"));
        QVERIFY(dialog->serviceList()->topLevelItem(1)->text(3).contains("18091"));
        QCOMPARE(dialog->serviceList()->topLevelItem(1)->text(4), QString("db (healthy)"));
        QVERIFY(dialog->upButton()->isEnabled());
        dialog->upButton()->click();
        QVERIFY(!dialog->upButton()->isEnabled());  // while it runs
        QTRY_VERIFY_WITH_TIMEOUT(dialog->upButton()->isEnabled(), 60000);
        QCOMPARE(dialog->statusLabel()->text(), QString("guistack is up"));
        QVERIFY(dialog->progressLog()->toPlainText().contains("web: waiting for db (healthy)"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "guistack-db"), QString("Running (healthy)"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "guistack-web"), QString("Running"), 10000);
        // The project is one row in the instance list, its services under it.
        InstanceListModel* m = w.instanceModel();
        const QModelIndex project = m->indexOfProject("guistack");
        QVERIFY(project.isValid());
        QCOMPARE(project.data().toString(), QString("guistack"));
        QCOMPARE(project.siblingAtColumn(InstanceListModel::Kind).data().toString(),
                 QString("Compose project"));
        QCOMPARE(m->rowCount(project), 2);
        QCOMPARE(indexOfName(w, "guistack-db").parent(), project);
        QCOMPARE(indexOfName(w, "guistack-web").parent(), project);
        QCOMPARE(rowOf(w, "guistack-web"), -1);  // not at the top
        QCOMPARE(project.siblingAtColumn(InstanceListModel::State).data().toString(),
                 QString("2 of 2 running"));
        QVERIFY(m->composeFileOf("guistack").endsWith("compose.yaml"));
        QTRY_VERIFY_WITH_TIMEOUT(
            !project.siblingAtColumn(InstanceListModel::Memory).data().toString().isEmpty(), 10000);
        // A right click on a service selects it and offers the instance's actions.
        dialog->close();
        {
            QTreeView* list = w.instanceView();
            auto* proxy = list->model();
            QModelIndex db;
            for (int r = 0; r < proxy->rowCount(); ++r)
                for (int c = 0; c < proxy->rowCount(proxy->index(r, 0)); ++c)
                    if (proxy->index(c, 0, proxy->index(r, 0)).data().toString() == "guistack-db")
                        db = proxy->index(c, 0, proxy->index(r, 0));
            QVERIFY(db.isValid());
            list->scrollTo(db);
            emit list->customContextMenuRequested(list->visualRect(db).center());
            QCOMPARE(w.selectedInstanceId(), db.data(InstanceListModel::InstanceIdRole).toString());
            QTRY_VERIFY(w.instanceListMenu()->isVisible());
            QVERIFY(w.instanceListMenu()->actions().contains(w.stopAction()));
            QVERIFY(w.stopAction()->isEnabled());
            w.instanceListMenu()->close();
        }
        // Selected, the project shows its services' charts: memory stacked by service.
        w.selectProject("guistack");
        QCOMPARE(w.selectedProject(), QString("guistack"));
        // Compare This Stack…: the Compare window on the compose scenario, with the project's file read.
        QVERIFY(w.compareProjectAction()->isEnabled());
        w.compareProjectAction()->trigger();
        {
            auto* compareWindow = w.findChild<CompareWindow*>();
            QVERIFY(compareWindow && compareWindow->isVisible());
            CompareSetup* setup = compareWindow->setup();
            QCOMPARE(setup->workload()->currentText(), QString("compose"));
            QCOMPARE(setup->composeFile()->text(), m->composeFileOf("guistack"));
            QVERIFY2(setup->composeSummary()->text().startsWith("guistack: db, web"),
                     qPrintable(setup->composeSummary()->text()));
            QVERIFY2(setup->problem().isEmpty(), qPrintable(setup->problem()));
            QCOMPARE(setup->request().composeFile, m->composeFileOf("guistack"));
            // Run as containers beside the project, which stays up (the comparison's ports are free ones):
            // web publishes a port nothing answers on, so its load says so; no service has a limit, so no
            // hog.
            setup->variant("vm")->setChecked(false);
            setup->variant("written")->setChecked(false);
            setup->loadSeconds()->setValue(1);
            compareWindow->runButton()->click();
            const ComparisonTableModel* table = compareWindow->table();
            QTRY_VERIFY_WITH_TIMEOUT(table->columnCount() == 2 && table->rowCount() > 3, 120000);
            QCOMPARE(table->headerData(1, Qt::Horizontal).toString(), QString("containers"));
            QCOMPARE(table->index(0, 1).data().toString(), QString("ran"));
            bool noAnswer = false;
            for (int r = 0; r < table->rowCount(); ++r)
                noAnswer = noAnswer || (table->index(r, 0).data().toString() == "web: requests/s" &&
                                        table->index(r, 1).data().toString() == "no answer");
            QVERIFY(noAnswer);
            QCOMPARE(stateOf(w, "guistack-db"), QString("Running (healthy)"));  // the user's stack, untouched
            compareWindow->close();
        }
        QVERIFY(w.graphsPage()->showsProject());
        QCOMPARE(w.graphsPage()->projectCharts().size(), 4);
        OverlayChart* memory = w.graphsPage()->projectCharts()[0];
        QCOMPARE(memory->memberCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(memory->pointCount(0) > 0 && memory->pointCount(1) > 0, 10000);
        {
            // The top area is the two services' memory together: what the project's row says.
            const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
            const double top = memory->drawnValueAt(1, now), bottom = memory->drawnValueAt(0, now);
            QVERIFY2(top > bottom && bottom > 0, qPrintable(QString("%1 %2").arg(top).arg(bottom)));
        }
        // Stop on the project: both services stop and stay; Start brings both back (in order; as
        // Docker's start, without awaiting conditions again).
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY(w.stopAction()->isEnabled());
        w.stopAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "guistack-web").left(6), QString("Exited"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "guistack-db").left(6), QString("Exited"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.startAction()->isEnabled(), 10000);
        QCOMPARE(m->indexOfProject("guistack").siblingAtColumn(InstanceListModel::State).data().toString(),
                 QString("0 of 2 running"));
        w.startAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "guistack-web"), QString("Running"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "guistack-db"), QString("Running (healthy)"), 10000);
        // Delete on the project is compose down: its services go, and its row with them.
        QTRY_VERIFY_WITH_TIMEOUT(w.deleteAction()->isEnabled(), 10000);
        QTimer::singleShot(0, [] {  // the confirmation
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        w.deleteAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!indexOfName(w, "guistack-web").isValid(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!indexOfName(w, "guistack-db").isValid(), 30000);
        QVERIFY(!m->indexOfProject("guistack").isValid());
        QCOMPARE(w.selectedInstanceId(), QString("host"));

        const QString bad = dir.filePath("bad.yaml");
        std::ofstream(bad.toStdString()) << "services:\n  web:\n    build: .\n";
        QPointer<ComposeDialog> refused = w.openComposeFile(bad);
        QVERIFY(refused->statusLabel()->text().contains(":3:5: services.web: 'build' is not supported"));
        QVERIFY(!refused->upButton()->isEnabled());
        refused->close();
    }

    // The dialog's volumes: a named volume the container writes to, kept after the container is
    // deleted; a malformed entry is refused in the dialog.
    void aVolumeFromTheDialog() {
        RunningApp app;
        auto& [engine, w] = app;
        QPointer<NewContainerDialog> dialog = openDialog<NewContainerDialog>(w, "New Container…");
        QVERIFY(dialog);
        dialog->nameEdit()->setText("gui-vol");
        dialog->commandEdit()->setText("sh -c 'echo from-gui > /data/f; sleep 30'");
        dialog->volumesEdit()->setText("guivol:data");  // not a path in the container
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel*>("dialogError")->text().contains("NAME:/path"));
        dialog->volumesEdit()->setText("guivol:/data");
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-vol"), QString("Running"), 10000);
        auto volume = runtime::loadVolume("guivol");
        QVERIFY2(volume.ok(), volume ? "" : volume.error().message().c_str());
        QTRY_VERIFY_WITH_TIMEOUT(std::filesystem::exists(volume->data / "f"), 10000);
        w.selectInstance(w.instanceModel()->instanceIdAt(rowOf(w, "gui-vol")));
        const auto overviewShows = [&w](const QString& text) {  // its Overview lists the volume
            const auto labels = w.findChildren<QLabel*>();
            return std::any_of(labels.begin(), labels.end(),
                               [&](QLabel* l) { return l->text().contains(text); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(overviewShows(QStringLiteral("volume guivol → /data")), 5000);
        engine.removeInstance(w.selectedInstanceId(), true);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(w, "gui-vol"), -1, 20000);
        QVERIFY(std::filesystem::exists(volume->data / "f"));  // a named volume is kept
        QVERIFY(runtime::removeVolume("guivol").ok());
    }

    // What the monitors recorded while no GUI ran (instances/history.h): a graph opened later starts
    // before the GUI did.
    void aGraphShowsWhatWasRecordedWhileTheGuiWasClosed() {
        // Ten minutes of the host's history, written as `juxtactl metrics record` writes it.
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        {
            auto ring = metrics::RingFile::openForWriting(instances::hostHistoryFile());
            QVERIFY(ring.ok());
            for (int64_t t = now - 600'000; t < now - 5'000; t += 1000) {
                MetricSample s;
                s.timeMs = t;
                s.cpuPercent = 20;
                s.memoryUsed = double(1 << 30);
                s.memoryTotal = 2.0 * double(1 << 30);
                QVERIFY(ring->append(s).ok());
            }
        }
        QString id;
        {
            RunningApp app;
            auto& [engine, w] = app;
            QPointer<NewContainerDialog> dialog = openDialog<NewContainerDialog>(w, "New Container…");
            QVERIFY(dialog);
            dialog->nameEdit()->setText("gui-history");
            dialog->commandEdit()->setText("sleep 600");
            dialog->accept();
            QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 30000);
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-history"), QString("Running"), 10000);
            id = w.instanceModel()->instanceIdAt(rowOf(w, "gui-history"));
        }  // the GUI closes; the container runs on under its monitor, which records its history
        QTest::qWait(4000);
        const double reopenedAt = double(QDateTime::currentMSecsSinceEpoch()) / 1000;
        RunningApp app;
        auto& [engine, w] = app;
        QCOMPARE(w.selectedInstanceId(), QString("host"));
        w.graphsPage()->setWindowSeconds(3600);
        QTRY_VERIFY_WITH_TIMEOUT(w.graphsPage()->cpuChart()->pointCount() >= 590, 10000);
        QVERIFY(w.graphsPage()->cpuChart()->firstKey() <= double(now) / 1000 - 590);
        w.selectInstance(id);
        QTRY_VERIFY_WITH_TIMEOUT(w.graphsPage()->memoryChart()->pointCount() >= 3, 10000);
        QVERIFY2(w.graphsPage()->memoryChart()->firstKey() < reopenedAt - 2,
                 qPrintable(QString::number(reopenedAt - w.graphsPage()->memoryChart()->firstKey())));
        // A monitor that cannot record (no room for the file) says why; the list shows it with the state.
        {
            std::ofstream why(instances::historyErrorFileOf(InstanceKind::Container, id.toStdString()));
            why << "the resource history: make room for it: No space left on device\n";
        }
        // Its row looked up at each try: an earlier test's instances may still be leaving the list,
        // and an index taken once would then point at another row.
        const auto state = [&](int role) {
            return w.instanceModel()
                ->index(rowOf(w, "gui-history"), InstanceListModel::State)
                .data(role)
                .toString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(state(Qt::DisplayRole).contains("history not recorded"), 10000);
        QVERIFY(state(Qt::ToolTipRole).contains("No space left on device"));
        QVERIFY(stateOf(w, "gui-history").startsWith("Running"));  // it runs on
        engine.removeInstance(id, true);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(w, "gui-history"), -1, 20000);
        QVERIFY(
            !std::filesystem::exists(instances::historyFileOf(InstanceKind::Container, id.toStdString())));
    }

    void createWatchPauseDelete() {
        RunningApp app;
        auto& [engine, w] = app;
        QTRY_VERIFY(rowOf(w, "This host") == 0);

        QPointer<NewContainerDialog> dialog =
            openDialog<NewContainerDialog>(w, "New Container…");  // deletes itself on close
        QVERIFY(dialog);
        dialog->nameEdit()->setText("gui-web");
        dialog->commandEdit()->setText(
            "sh -c 'echo hello-from-the-gui; while true; do i=0; "
            "while [ $i -lt 3000 ]; do i=$((i+1)); done; sleep 0.2; done'");
        dialog->memoryEdit()->setText("64M");
        dialog->cpusEdit()->setText("0.5");
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 30000);  // created and started: it closes
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-web"), QString("Running"), 10000);

        w.selectInstance(w.instanceModel()->instanceIdAt(rowOf(w, "gui-web")));
        w.tabs()->setCurrentIndex(3);  // Logs
        auto* logs = w.tabs()->widget(3);
        QTRY_VERIFY_WITH_TIMEOUT(
            logs->findChild<QPlainTextEdit*>()->toPlainText().contains("hello-from-the-gui"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.graphsPage()->cpuChart()->pointCount() >= 3, 10000);
        // Its memory chart draws its 64 MiB limit beside what it uses.
        TimeSeriesChart* memory = w.graphsPage()->memoryChart();
        QCOMPARE(memory->seriesCount(), 2);
        QVERIFY2(memory->valuesTextAt(memory->firstKey()).contains("64.0 MiB"),
                 qPrintable(memory->valuesTextAt(memory->firstKey())));
        // Its CPU in cores, against its half-core limit (the host's own: in percent of all cores).
        TimeSeriesChart* cpu = w.graphsPage()->cpuChart();
        QCOMPARE(cpu->seriesCount(), 2);
        QCOMPARE(cpu->plot()->yAxis->range().upper, double(sysconf(_SC_NPROCESSORS_ONLN)));
        const QString cpuText = cpu->valuesTextAt(cpu->firstKey());
        QVERIFY2(cpuText.contains(QRegularExpression(R"(Used: \d+\.\d\d cores)")) &&
                     cpuText.contains("Limit: 0.50 cores"),
                 qPrintable(cpuText));
        QVERIFY(!w.graphsPage()->perCoreToggle()->isVisible());
        // Its axis in cores too, not in percent.
        QVector<double> ticks;
        QVector<QString> labels;
        cpu->plot()->yAxis->ticker()->generate(cpu->plot()->yAxis->range(), QLocale(), QLatin1Char('g'), 2,
                                               ticks, nullptr, &labels);
        QVERIFY(!labels.isEmpty());
        for (const QString& l : labels) QVERIFY2(l.endsWith("cores") && !l.contains('%'), qPrintable(l));
        QVERIFY(w.instanceModel()
                    ->index(rowOf(w, "gui-web"), InstanceListModel::Memory)
                    .data()
                    .toString()
                    .contains("iB"));

        toolbarAction(w, "Pause")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-web"), QString("Paused"), 10000);
        QCOMPARE(toolbarAction(w, "Resume") != nullptr, true);
        toolbarAction(w, "Resume")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-web"), QString("Running"), 10000);

        // Its monitor killed outright writes nothing: the list learns it from the monitor's end (a
        // pidfd), at the next tick, not from a read of every state file every few seconds.
        const pid_t monitor = runtime::loadState(w.selectedInstanceId().toStdString()).monitorPid;
        QVERIFY(monitor > 0);
        QVERIFY(::kill(monitor, SIGKILL) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(w, "gui-web").startsWith("Crashed"), 4000);

        engine.removeInstance(w.selectedInstanceId(), true);  // what Delete does once confirmed
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(w, "gui-web"), -1, 20000);
        QCOMPARE(w.selectedInstanceId(), QString("host"));
    }

    void typeIntoTheConsole() {
        RunningApp app;
        auto& [engine, w] = app;
        QPointer<NewContainerDialog> dialog = openDialog<NewContainerDialog>(w, "New Container…");
        QVERIFY(dialog);
        dialog->nameEdit()->setText("gui-shell");
        dialog->commandEdit()->setText("sh");  // an interactive shell on the container's pty (terminal is on)
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, "gui-shell"), QString("Running"), 10000);

        w.selectInstance(w.instanceModel()->instanceIdAt(rowOf(w, "gui-shell")));
        w.tabs()->setCurrentIndex(2);  // Console
        QTRY_VERIFY_WITH_TIMEOUT(w.consolePage()->terminalShown(), 10000);
        TerminalWidget* terminal = w.consolePage()->terminal();
        terminal->setFocus();
        const auto screenHas = [terminal](const QString& text) {
            for (int row = 0; row < terminal->rows(); ++row)
                if (terminal->lineText(row).contains(text)) return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(screenHas("#"), 10000);  // the shell's prompt came through
        // The typed line shows "juxta-$((6*7))"; only the shell's arithmetic prints juxta-42.
        QTest::keyClicks(terminal, "echo juxta-$((6*7))");
        QTest::keyClick(terminal, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(screenHas("juxta-42"), 10000);

        engine.removeInstance(w.selectedInstanceId(), true);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(w, "gui-shell"), -1, 20000);
    }

    void commandsSplitLikeAShell() {
        QCOMPARE(NewContainerDialog::splitCommand("sh -c 'echo a; echo \"b c\"'"),
                 (QStringList{"sh", "-c", "echo a; echo \"b c\""}));
        QCOMPARE(NewContainerDialog::splitCommand(R"(echo "x 'y'" z\ w)"),
                 (QStringList{"echo", "x 'y'", "z w"}));
        QCOMPARE(NewContainerDialog::splitCommand("  "), QStringList());
        bool ok = true;
        NewContainerDialog::splitCommand("echo 'open", &ok);
        QVERIFY(!ok);
    }

    void badLimitStaysInTheDialog() {
        RunningApp app;
        auto& [engine, w] = app;
        NewContainerDialog* dialog = openDialog<NewContainerDialog>(w, "New Container…");
        QVERIFY(dialog);
        dialog->nameEdit()->setText("gui-bad");
        dialog->memoryEdit()->setText("abc");
        dialog->accept();
        auto* error = dialog->findChild<QLabel*>("dialogError");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 15000);
        QVERIFY2(error->text().contains("memory"), qPrintable(error->text()));
        QVERIFY(dialog->isVisible());
        QTest::qWait(600);
        QCOMPARE(rowOf(w, "gui-bad"), -1);  // nothing half-made
    }
};

QTEST_MAIN(TestGuiContainers)
#include "test_gui_containers.moc"
