#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

#include "bridge/compose_runner.h"
#include "bridge/engine.h"
#include "compare/compare_setup.h"
#include "compare/compare_window.h"
#include "compare/overlay_window.h"
#include "compare/variant_palette.h"
#include "dialogs/compose_dialog.h"
#include "dialogs/new_container_dialog.h"
#include "dialogs/new_vm_dialog.h"
#include "dialogs/pull_image_dialog.h"
#include "format.h"
#include "models/instance_list_model.h"
#include "models/metric_series_model.h"
#include "models/series_store.h"
#include "pages/console_page.h"
#include "pages/graphs_page.h"
#include "pages/images_page.h"
#include "pages/overview_page.h"
#include "pages/text_stream_page.h"
#include "preferences_dialog.h"
#include "terminal/terminal_widget.h"

namespace juxta::ui {

MainWindow::MainWindow(Engine& engine, Settings settings, QWidget* parent)
    : QMainWindow(parent),
      engine_(engine),
      settings_(std::move(settings)),
      model_(new InstanceListModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      series_(new SeriesStore(SeriesStore::kMonthOfHistory, this)),
      list_(new QTreeView(this)),
      sections_(new QTabWidget(this)),
      imagesPage_(new ImagesPage(this)),
      tabs_(new QTabWidget(this)),
      overview_(new OverviewPage(this)),
      graphs_(new GraphsPage(this)),
      console_(new ConsolePage(this)),
      logs_(new TextStreamPage(this)),
      statusHost_(new QLabel(this)),
      statusKvm_(new QLabel(this)),
      composeRunner_(new ComposeRunner(this)) {
    setWindowTitle(tr("Juxta"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/juxta.svg")));
    resize(1280, 800);

    proxy_->setSourceModel(model_);
    proxy_->setSortRole(InstanceListModel::SortRole);
    list_->setModel(proxy_);
    list_->setObjectName(QStringLiteral("instanceList"));
    list_->setRootIsDecorated(true);  // a compose project's services are its children
    // A project's row opens as its first service appears under it.
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent, int, int) {
        if (parent.isValid()) list_->expand(parent);
    });
    list_->setUniformRowHeights(true);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);  // several for "Compare selected"
    list_->setSelectionBehavior(QAbstractItemView::SelectRows);
    list_->setAlternatingRowColors(true);
    list_->header()->setStretchLastSection(false);
    list_->header()->setSectionResizeMode(InstanceListModel::Name, QHeaderView::Stretch);
    sizeListColumns();

    tabs_->addTab(overview_, tr("Overview"));
    tabs_->addTab(graphs_, tr("Graphs"));
    tabs_->addTab(console_, tr("Console"));
    tabs_->addTab(logs_, tr("Logs"));
    graphs_->setWindowSeconds(settings_.graphWindowSeconds);
    tabs_->setCurrentIndex(std::clamp(settings_.detailsTab, 0, tabs_->count() - 1));
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
        settings_.detailsTab = index;
        settings_.save();
    });
    connect(graphs_->windowSelector(), &QComboBox::currentIndexChanged, this, [this] {
        settings_.graphWindowSeconds = graphs_->windowSeconds();
        settings_.save();
    });

    auto* splitter = new QSplitter(this);
    splitter->addWidget(list_);
    splitter->addWidget(tabs_);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({620, 660});  // a compose project's services are indented under it
    sections_->setObjectName(QStringLiteral("sections"));
    sections_->setDocumentMode(true);
    sections_->addTab(splitter, tr("Instances"));
    sections_->addTab(imagesPage_, tr("Images"));
    setCentralWidget(sections_);
    // The store is read when the view is shown, and again after what changes it.
    connect(sections_, &QTabWidget::currentChanged, this, [this](int index) {
        if (sections_->widget(index) == imagesPage_) imagesPage_->refresh();
    });
    connect(imagesPage_, &ImagesPage::pullRequested, this, [this] { pullImage({}); });
    connect(imagesPage_, &ImagesPage::runRequested, this, &MainWindow::runImage);

    statusBar()->addWidget(statusHost_, 1);
    statusBar()->addPermanentWidget(statusKvm_);

    createActions();
    createMenus();

    connect(&engine_, &Engine::instanceChanged, this, [this](const InstanceInfo& info) {
        const auto before = instances_.constFind(QString::fromStdString(info.id));
        // What a project's view shows of a service: that it is there, its state and health (not its
        // boot timeline, which changes each tick while a VM boots).
        const bool serviceChanged =
            before == instances_.constEnd() || before->state != info.state || before->health != info.health;
        instances_.insert(QString::fromStdString(info.id), info);
        model_->upsertInstance(info);
        if (selectedId_.isEmpty() && selectedProject_.isEmpty())
            selectInstance(QString::fromStdString(info.id));
        else if (selectedId_ == QString::fromStdString(info.id)) {
            overview_->showInstance(info);
            showConsoleFor(info);
        } else if (serviceChanged && !selectedProject_.isEmpty() &&
                   selectedProject_ == QString::fromStdString(projectOf(info))) {
            showProject(selectedProject_);  // a service came, or its state changed
        }
        updateActions();
    });
    connect(&engine_, &Engine::samplesReady, this, &MainWindow::onSamples);
    connect(&engine_, &Engine::historyReady, series_, &SeriesStore::applyHistory);
    connect(&engine_, &Engine::hostProbed, this, &MainWindow::onHostProbed);
    connect(&engine_, &Engine::errorOccurred, this, &MainWindow::onError);
    connect(series_, &SeriesStore::historyWanted, &engine_, &Engine::requestHistory);
    connect(&engine_, &Engine::instanceRemoved, this, &MainWindow::onInstanceRemoved);
    connect(&engine_, &Engine::logBytes, this, &MainWindow::onLogBytes);
    connect(&engine_, &Engine::consoleOutput, this, [this](const QString& id, const QByteArray& bytes) {
        if (id == consoleId_) console_->terminal()->feed(bytes);
    });
    connect(&engine_, &Engine::consoleAttached, this, [this](const QString& id) {
        if (id == consoleId_)
            console_->setStatus(tr("Attached to %1.").arg(QString::fromStdString(instances_.value(id).name)));
    });
    connect(&engine_, &Engine::consoleDetached, this, [this](const QString& id, const QString& reason) {
        if (id != consoleId_) return;
        console_->setStatus(reason.isEmpty() ? tr("The console closed.")
                                             : tr("Cannot attach: %1").arg(reason));
    });
    connect(console_->terminal(), &TerminalWidget::sendBytes, &engine_, &Engine::consoleInput);
    connect(console_->terminal(), &TerminalWidget::sizeChanged, &engine_, &Engine::consoleResize);
    connect(&engine_, &Engine::actionFinished, this,
            [this](const QString&, const QString& action, bool ok, const QString& message) {
                if (action != QLatin1String("create")) return;
                if (newContainerDialog_) newContainerDialog_->finish(ok, message);
                if (newVmDialog_) newVmDialog_->finish(ok, message);
            });
    connect(list_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onSelectionChanged);

    auto* uptime = new QTimer(this);
    connect(uptime, &QTimer::timeout, model_, &InstanceListModel::refreshUptime);
    uptime->start(1000);
    updateActions();
}

void MainWindow::createActions() {
    const auto make = [this](const QString& text, const QString& icon, const QKeySequence& key,
                             const QString& tip) {
        auto* a = new QAction(QIcon::fromTheme(icon), text, this);
        if (!key.isEmpty()) a->setShortcut(key);
        a->setStatusTip(tip);
        a->setToolTip(tip);
        return a;
    };
    newContainer_ = make(tr("New &Container…"), QStringLiteral("list-add"), QKeySequence(tr("Ctrl+N")),
                         tr("Create a container from an image"));
    newVm_ = make(tr("New &VM…"), QStringLiteral("computer"), QKeySequence(tr("Ctrl+Shift+N")),
                  tr("Create a virtual machine (tiny-linux or a kernel of yours)"));
    pullImage_ = make(tr("&Pull Image…"), QStringLiteral("download"), QKeySequence(tr("Ctrl+Shift+P")),
                      tr("Pull an image from a registry (Docker Hub, quay.io, your own)"));
    openCompose_ =
        make(tr("Open &Compose File…"), QStringLiteral("document-open"), QKeySequence(tr("Ctrl+O")),
             tr("Read a compose file and bring its services up as containers"));
    start_ =
        make(tr("&Start"), QStringLiteral("media-playback-start"), {}, tr("Start the selected instance"));
    stop_ = make(tr("S&top"), QStringLiteral("media-playback-stop"), {}, tr("Stop the selected instance"));
    pause_ =
        make(tr("&Pause"), QStringLiteral("media-playback-pause"), {}, tr("Pause the selected instance"));
    delete_ = make(tr("&Delete"), QStringLiteral("edit-delete"), QKeySequence::Delete,
                   tr("Delete the selected instance"));
    compare_ = make(tr("C&ompare…"), QStringLiteral("view-statistics"), QKeySequence(tr("Ctrl+K")),
                    tr("Run a workload as a host process, a container and a VM, side by side"));
    compareSelected_ =
        make(tr("Compare &Selected"), QStringLiteral("view-statistics"), QKeySequence(tr("Ctrl+Shift+K")),
             tr("Overlay the live graphs of two or more selected running instances"));
    compareProject_ = make(tr("Compare This &Stack…"), QStringLiteral("view-statistics"), {},
                           tr("Run the selected compose project's file as containers, as VMs and as written, "
                              "side by side"));
    compareProject_->setObjectName(QStringLiteral("compareProject"));
    connect(compareProject_, &QAction::triggered, this, &MainWindow::compareProject);
    connect(compareSelected_, &QAction::triggered, this, &MainWindow::compareSelected);
    connect(compare_, &QAction::triggered, this, &MainWindow::showCompare);
    preferences_ = make(tr("&Preferences…"), QStringLiteral("preferences-system"), QKeySequence::Preferences,
                        tr("Language, theme and sampling interval"));
    quit_ = make(tr("&Quit"), QStringLiteral("application-exit"), QKeySequence::Quit, tr("Quit Juxta"));
    about_ = make(tr("&About Juxta"), QStringLiteral("help-about"), {}, tr("About Juxta"));
    connect(preferences_, &QAction::triggered, this, &MainWindow::showPreferences);
    connect(newContainer_, &QAction::triggered, this, &MainWindow::newContainer);
    connect(newVm_, &QAction::triggered, this, &MainWindow::newVm);
    connect(pullImage_, &QAction::triggered, this, [this] { pullImage({}); });
    connect(openCompose_, &QAction::triggered, this, &MainWindow::openComposeFileDialog);
    showInstances_ =
        make(tr("&Instances"), {}, QKeySequence(tr("Ctrl+1")), tr("The instances and their graphs"));
    showImages_ = make(tr("I&mages"), {}, QKeySequence(tr("Ctrl+2")),
                       tr("The images in the store: size, what uses them, what they declare"));
    connect(showInstances_, &QAction::triggered, this, [this] { sections_->setCurrentIndex(0); });
    connect(showImages_, &QAction::triggered, this, &MainWindow::showImages);
    connect(start_, &QAction::triggered, this, [this] {
        if (!selectedProject_.isEmpty())
            projectAction(QStringLiteral("start"), selectedProject_);
        else
            engine_.startInstance(selectedId_);
    });
    connect(stop_, &QAction::triggered, this, [this] {
        if (!selectedProject_.isEmpty())
            projectAction(QStringLiteral("stop"), selectedProject_);
        else
            engine_.stopInstance(selectedId_);
    });
    connect(composeRunner_, &ComposeRunner::finished, this, [this](bool ok, const QString& error) {
        if (!ok) statusBar()->showMessage(tr("Compose: %1").arg(error), 15000);
        updateActions();
    });
    connect(composeRunner_, &ComposeRunner::progress, this,
            [this](const QString& line) { statusBar()->showMessage(line, 5000); });
    connect(pause_, &QAction::triggered, this, &MainWindow::togglePause);
    connect(delete_, &QAction::triggered, this, &MainWindow::deleteSelected);
    connect(quit_, &QAction::triggered, this, &QWidget::close);
    connect(about_, &QAction::triggered, this, &MainWindow::showAbout);

    auto* tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("mainToolBar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addActions({newContainer_, newVm_});
    tb->addSeparator();
    tb->addActions({start_, stop_, pause_, delete_});
    tb->addSeparator();
    tb->addActions({compare_, compareSelected_});
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({newContainer_, newVm_});
    file->addAction(pullImage_);
    file->addAction(openCompose_);
    file->addSeparator();
    file->addAction(preferences_);
    file->addSeparator();
    file->addAction(quit_);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions({showInstances_, showImages_});
    QMenu* instance = menuBar()->addMenu(tr("&Instance"));
    instance->addActions({start_, stop_, pause_, delete_});
    // The same on a right click in the list, for the row under the pointer (an instance's or a
    // compose project's: the actions follow the selection).
    listMenu_ = new QMenu(this);
    listMenu_->setObjectName(QStringLiteral("instanceListMenu"));
    listMenu_->addActions({start_, stop_, pause_, delete_});
    listMenu_->addSeparator();
    listMenu_->addActions({compareSelected_, compareProject_});
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(list_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex row = list_->indexAt(at);
        if (!row.isValid()) return;
        if (!list_->selectionModel()->isSelected(row))  // else several stay selected, for Compare Selected
            list_->selectionModel()->select(row,
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        listMenu_->popup(list_->viewport()->mapToGlobal(at));
    });
    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addActions({compare_, compareSelected_, compareProject_});
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(about_);
}

void MainWindow::updateActions() {
    // The host itself cannot be started, stopped, paused or deleted.
    newVm_->setEnabled(true);
    newContainer_->setEnabled(true);
    if (!selectedProject_.isEmpty()) {  // a project: on all its services, one compose operation at a time
        int live = 0;
        const QStringList members = model_->membersOf(selectedProject_);
        for (const QString& id : members) {
            const InstanceState st = instances_.value(id).state;
            live += st == InstanceState::Running || st == InstanceState::Paused;
        }
        const bool idle = !composeRunner_->running();
        start_->setEnabled(idle && live < members.size());
        stop_->setEnabled(idle && live > 0);
        pause_->setEnabled(false);
        delete_->setEnabled(idle && !members.isEmpty());
        start_->setToolTip(tr("Start the project's services, each after what it depends on"));
        stop_->setToolTip(tr("Stop the project's services and keep them"));
        delete_->setToolTip(
            tr("Take the project down: stop and remove its services (its named volumes stay)"));
        compareSelected_->setEnabled(false);
        compareProject_->setEnabled(!model_->composeFileOf(selectedProject_).isEmpty());
        return;
    }
    compareProject_->setEnabled(false);
    start_->setToolTip(tr("Start the selected instance"));
    stop_->setToolTip(tr("Stop the selected instance"));
    delete_->setToolTip(tr("Delete the selected instance"));
    const auto it = instances_.constFind(selectedId_);
    const bool instance = it != instances_.constEnd() && it->kind != InstanceKind::Host;
    const InstanceState state = instance ? it->state : InstanceState::Unknown;
    const bool live = state == InstanceState::Running || state == InstanceState::Paused;
    start_->setEnabled(instance && (state == InstanceState::Created || state == InstanceState::Exited ||
                                    state == InstanceState::Crashed));
    stop_->setEnabled(instance && live);
    pause_->setEnabled(instance && live);
    pause_->setText(state == InstanceState::Paused ? tr("&Resume") : tr("&Pause"));
    pause_->setToolTip(state == InstanceState::Paused ? tr("Resume the selected instance")
                                                      : tr("Pause the selected instance"));
    delete_->setEnabled(instance);
    compareSelected_->setEnabled(selectedLiveIds().size() >= 2);
}

QStringList MainWindow::selectedLiveIds() const {
    QStringList ids;
    for (const QModelIndex& row : list_->selectionModel()->selectedRows()) {
        const QString id = row.data(InstanceListModel::InstanceIdRole).toString();
        if (id.isEmpty()) continue;  // a compose project's row
        const InstanceInfo info = instances_.value(id);
        if (info.kind == InstanceKind::Host || info.state == InstanceState::Running ||
            info.state == InstanceState::Paused)
            ids << id;
    }
    return ids;
}

void MainWindow::compareSelected() {
    QList<OverlayWindow::Instance> members;
    for (const QString& id : selectedLiveIds())
        members.push_back({id, QString::fromStdString(instances_.value(id).name), series_->modelFor(id)});
    if (members.size() < 2) return;
    auto* window = new OverlayWindow(members, this);
    window->show();
}

void MainWindow::showCompare() {
    if (!compareWindow_) {
        compareWindow_ = new CompareWindow(this);
        compareWindow_->setAttribute(Qt::WA_DeleteOnClose);
        connect(&engine_, &Engine::hostProbed, compareWindow_, &CompareWindow::setHostCapabilities);
        engine_.probeHost();
    }
    compareWindow_->show();
    compareWindow_->raise();
}

void MainWindow::compareProject() {
    const QString file = model_->composeFileOf(selectedProject_);
    if (file.isEmpty()) return;
    showCompare();
    compareWindow_->setup()->setComposeFile(file);
}

void MainWindow::newContainer() {
    if (newContainerDialog_) {
        newContainerDialog_->raise();
        return;
    }
    auto* dialog = new NewContainerDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewContainerDialog::submitted, &engine_, &Engine::createContainer);
    connect(dialog, &NewContainerDialog::pullRequested, this, &MainWindow::pullImage);
    newContainerDialog_ = dialog;
    dialog->open();
}

PullImageDialog* MainWindow::pullDialog() const {
    return pullDialog_;
}

void MainWindow::openComposeFileDialog() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Compose File"), QString(),
                                                      tr("Compose files (*.yaml *.yml);;All files (*)"));
    if (!file.isEmpty()) openComposeFile(file);
}

ComposeDialog* MainWindow::openComposeFile(const QString& file) {
    auto* dialog = new ComposeDialog(composeRunner_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open(file);
    dialog->show();
    return dialog;
}

void MainWindow::pullImage(const QString& reference) {
    if (pullDialog_) {
        if (!reference.isEmpty() && !pullDialog_->puller()->running()) pullDialog_->setReference(reference);
        pullDialog_->raise();
        return;
    }
    auto* dialog = new PullImageDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setReference(reference);
    // A pull started from New Container fills its image field once it is done.
    connect(dialog, &PullImageDialog::imagePulled, this, [this](const QString& name) {
        if (newContainerDialog_) newContainerDialog_->imageBox()->setCurrentText(name);
        imagesPage_->selectImage(name);
        imagesPage_->refresh();
    });
    pullDialog_ = dialog;
    dialog->open();
    if (!reference.isEmpty()) dialog->startPull();
}

// Images → Run…: New Container with that image in its field.
void MainWindow::runImage(const QString& image) {
    newContainer();
    if (newContainerDialog_) newContainerDialog_->imageBox()->setCurrentText(image);
}

void MainWindow::showImages() {
    sections_->setCurrentWidget(imagesPage_);
}

void MainWindow::newVm() {
    if (newVmDialog_) {
        newVmDialog_->raise();
        return;
    }
    auto* dialog = new NewVmDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setHostWarning(vmHostWarning_);
    connect(dialog, &NewVmDialog::submitted, &engine_, &Engine::createVm);
    newVmDialog_ = dialog;
    dialog->open();
}

void MainWindow::togglePause() {
    if (instances_.value(selectedId_).state == InstanceState::Paused)
        engine_.resumeInstance(selectedId_);
    else
        engine_.pauseInstance(selectedId_);
}

void MainWindow::deleteSelected() {
    if (const QString project = selectedProject_; !project.isEmpty()) {  // kept: the box is modal
        if (QMessageBox::question(this, tr("Delete"),
                                  tr("Take %1 down? Its services are stopped and removed; its named volumes "
                                     "are kept.")
                                      .arg(project)) == QMessageBox::Yes)
            projectAction(QStringLiteral("down"), project);
        return;
    }
    const InstanceInfo info = instances_.value(selectedId_);
    const bool live = info.state == InstanceState::Running || info.state == InstanceState::Paused;
    const QString name = QString::fromStdString(info.name);
    const bool vm = info.kind == InstanceKind::Vm;
    const QString question =
        live ? (vm ? tr("%1 is running. Power it off and delete it with its console log?")
                   : tr("%1 is running. Stop it and delete it with its writable layer and log?"))
                   .arg(name)
             : (vm ? tr("Delete %1 with its console log?") : tr("Delete %1 with its writable layer and log?"))
                   .arg(name);
    if (QMessageBox::question(this, tr("Delete"), question) != QMessageBox::Yes) return;
    engine_.removeInstance(selectedId_, live);
}

void MainWindow::projectAction(const QString& action, const QString& project) {
    Status st = action == QLatin1String("start")  ? composeRunner_->start(project)
                : action == QLatin1String("stop") ? composeRunner_->stop(project)
                                                  : composeRunner_->down(project, false);
    if (!st) {
        statusBar()->showMessage(tr("Compose: %1").arg(QString::fromStdString(st.error().message())), 15000);
        return;
    }
    statusBar()->showMessage(action == QLatin1String("start")  ? tr("Starting %1…").arg(project)
                             : action == QLatin1String("stop") ? tr("Stopping %1…").arg(project)
                                                               : tr("Taking %1 down…").arg(project));
    updateActions();
}

void MainWindow::selectProject(const QString& project) {
    selectRow(model_->indexOfProject(project));
}

void MainWindow::selectRow(const QModelIndex& source) {
    if (!source.isValid()) return;
    list_->selectionModel()->select(proxy_->mapFromSource(source),
                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    list_->setCurrentIndex(proxy_->mapFromSource(source));
}

void MainWindow::showProject(const QString& project) {
    QList<InstanceInfo> services;
    QList<OverlayChart::Member> members;
    const QStringList ids = model_->membersOf(project);
    for (int i = 0; i < ids.size(); ++i) {
        const InstanceInfo info = instances_.value(ids[i]);
        services.push_back(info);
        const std::string service = labelValue(info.labels, kComposeServiceLabel);
        members.push_back({QString::fromStdString(service.empty() ? info.name : service),
                           series_->modelFor(ids[i]), variantColor(i)});
    }
    overview_->showProject(project, model_->composeFileOf(project), services);
    overview_->setError({});
    graphs_->showProject(members);
    logs_->showUnavailable(tr("Select one of %1's services to see its log.").arg(project));
    engine_.followLog({});
    consoleId_.clear();
    engine_.detachConsole();
    console_->showUnavailable(tr("Select one of %1's services to use its console.").arg(project));
}

void MainWindow::onInstanceRemoved(const QString& instanceId) {
    instances_.remove(instanceId);
    errors_.remove(instanceId);
    series_->forget(instanceId);
    model_->removeInstance(instanceId);
    if (selectedId_ == instanceId ||
        (!selectedProject_.isEmpty() && !model_->indexOfProject(selectedProject_).isValid()))
        selectInstance(QStringLiteral("host"));
    else if (!selectedProject_.isEmpty())
        showProject(selectedProject_);  // one service fewer
    updateActions();
}

void MainWindow::showConsoleFor(const InstanceInfo& info) {
    const QString id = QString::fromStdString(info.id);
    const QString name = QString::fromStdString(info.name);
    const bool live = info.state == InstanceState::Running || info.state == InstanceState::Paused;
    if (info.kind == InstanceKind::Host || !info.hasConsole || !live) {
        consoleId_.clear();
        engine_.detachConsole();
        if (info.kind == InstanceKind::Host)
            console_->showUnavailable(tr("The host has no console of its own: use a terminal."));
        else if (!info.hasConsole)
            console_->showUnavailable(
                tr("%1 was created without an interactive terminal: its output is in the Logs tab.")
                    .arg(name));
        else
            console_->showUnavailable(tr("%1 is not running: start it to use its console.").arg(name));
        return;
    }
    if (consoleId_ == id && console_->terminalShown()) return;  // already attached
    consoleId_ = id;
    consoleSeeded_ = false;
    console_->showTerminal();
    console_->setStatus(tr("Attaching to %1…").arg(name));
    engine_.attachConsole(id);
}

void MainWindow::onLogBytes(const QString& instanceId, const QByteArray& bytes, bool fromStart) {
    // The console shows the end of what the terminal printed before it attached: the log has it.
    if (instanceId == consoleId_ && fromStart && !consoleSeeded_) {
        console_->terminal()->feed(bytes.right(16 * 1024));
        consoleSeeded_ = true;
    }
    if (instanceId != selectedId_) return;
    if (fromStart)
        logs_->showStream(bytes);
    else
        logs_->appendBytes(bytes);
}

void MainWindow::selectInstance(const QString& instanceId) {
    selectRow(model_->indexOf(instanceId));
}

void MainWindow::onSelectionChanged() {
    const QModelIndexList rows = list_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    selectedId_ = rows.first().data(InstanceListModel::InstanceIdRole).toString();
    if (selectedId_.isEmpty()) {  // a compose project's row
        selectedProject_ = rows.first().data(InstanceListModel::ProjectRole).toString();
        showProject(selectedProject_);
        updateActions();
        return;
    }
    selectedProject_.clear();
    const InstanceInfo info = instances_.value(selectedId_);
    overview_->showInstance(info);
    overview_->setError(errors_.value(selectedId_));
    graphs_->setModel(series_->modelFor(selectedId_));
    graphs_->setVmLayout(info.kind == InstanceKind::Vm);
    graphs_->setShowsLimit(info.kind != InstanceKind::Host);
    graphs_->setCpuInCores(info.kind == InstanceKind::Host ? 0 : hostCores_, info.cpuLimitCores);
    if (info.kind == InstanceKind::Host) {
        logs_->showUnavailable(tr("Juxta does not collect the host's logs: see journalctl."));
        engine_.followLog({});
    } else {
        logs_->showStream({});
        engine_.followLog(selectedId_);
    }
    showConsoleFor(info);
    updateActions();
}

void MainWindow::onSamples(const SampleBatch& batch) {
    model_->applySamples(batch);
    series_->applySamples(batch);
    for (const InstanceSample& s : batch) {
        if (errors_.remove(s.instanceId) && s.instanceId == selectedId_) overview_->setError({});
        if (s.instanceId == QLatin1String("host")) {
            if (selectedId_ == s.instanceId) overview_->setLastSample(s.sample);
            statusHost_->setText(tr("Host: CPU %1 · memory %2 of %3 · sampling every %4 s")
                                     .arg(human::percent(s.sample.cpuPercent),
                                          human::bytes(s.sample.memoryUsed),
                                          human::bytes(s.sample.memoryTotal))
                                     .arg(settings_.sampleIntervalMs / 1000.0));
        }
    }
}

void MainWindow::onHostProbed(const HostCapabilities& caps) {
    overview_->setHostCapabilities(caps);
    statusKvm_->setText(tr("KVM: %1").arg(caps.kvm == KvmKind::Pvm ? tr("PVM")
                                          : caps.kvm == KvmKind::Hardware
                                              ? QString::fromStdString(caps.kvmVendor)
                                              : tr("unavailable")));
    statusKvm_->setToolTip(OverviewPage::kvmText(caps));
    vmHostWarning_ = caps.stockGuestsBoot ? QString() : OverviewPage::kvmText(caps);
    if (newVmDialog_) newVmDialog_->setHostWarning(vmHostWarning_);
}

void MainWindow::onError(const QString& instanceId, const QString& message) {
    errors_.insert(instanceId, message);
    if (instanceId == selectedId_) overview_->setError(message);
    statusBar()->showMessage(tr("Error: %1").arg(message), 10000);
}

void MainWindow::showPreferences() {
    const HostHistoryService::Status hostHistory = HostHistoryService::query();
    PreferencesDialog dialog(settings_, hostHistory, this);
    if (dialog.exec() != QDialog::Accepted) return;
    if (hostHistory.state != HostHistoryService::State::Unavailable &&
        dialog.keepsHostHistory() != (hostHistory.state == HostHistoryService::State::On)) {
        if (const QString why = HostHistoryService::setEnabled(dialog.keepsHostHistory()); !why.isEmpty())
            QMessageBox::warning(
                this, tr("The host's history"),
                (dialog.keepsHostHistory() ? tr("Could not switch the juxta-metrics service on: %1")
                                           : tr("Could not switch the juxta-metrics service off: %1"))
                    .arg(why));
    }
    settings_ = dialog.settings();
    settings_.save();
    engine_.setSampleInterval(settings_.sampleIntervalMs);
    emit settingsChanged(settings_);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Juxta"),
        tr("<h3>Juxta %1</h3><p>Virtual machines and containers, side by side: live resource "
           "graphs for every instance, and the same workload run as a host process, a container "
           "and a VM with what each costs.</p>")
            .arg(QCoreApplication::applicationVersion()));
}

// The columns but the name are as wide as the widest text they can show, once: sized to their
// contents, they measured every row's text whenever a figure changed (with a hundred instances, most
// of the GUI's CPU time). A state's detail ("Exited (exited 137)") is elided, in full in its tooltip;
// the user can widen the column.
void MainWindow::sizeListColumns() {
    using M = InstanceListModel;
    const QFontMetrics metrics(list_->font());
    const auto widest = [&](int column, const QStringList& texts) {
        int width = metrics.horizontalAdvance(model_->headerData(column, Qt::Horizontal).toString());
        for (const QString& t : texts) width = std::max(width, metrics.horizontalAdvance(t));
        list_->header()->setSectionResizeMode(column, QHeaderView::Interactive);
        list_->header()->resizeSection(column, width + 3 * metrics.averageCharWidth());
    };
    QStringList kinds, states;
    for (InstanceKind k : {InstanceKind::Host, InstanceKind::Container, InstanceKind::Vm})
        kinds << M::kindName(k);
    kinds << M::projectKindName();
    for (InstanceState st :
         {InstanceState::Created, InstanceState::Starting, InstanceState::Running, InstanceState::Paused,
          InstanceState::Stopping, InstanceState::Exited, InstanceState::Crashed})
        states << M::stateName(st);
    states << M::projectStateText(10, 10);  // a compose project's
    widest(M::Kind, kinds);
    widest(M::State, states);
    widest(M::Cpu, {human::percent(100.0)});
    widest(M::Memory, {human::bytes(1023.9 * 1024 * 1024 * 1024)});
    widest(M::Uptime, {human::duration(59 * 60 + 59), human::duration(23 * 3600 + 59 * 60),
                       human::duration(99 * 86400 + 23 * 3600)});
}

}  // namespace juxta::ui
