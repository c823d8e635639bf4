#pragma once
// The main window only wires: the instance list on the left, the selected instance's tabs on the
// right (Overview, Graphs, Console, Logs), the actions in the toolbar and menus, and the status bar.
#include <unistd.h>

#include <QMainWindow>
#include <QPointer>
#include <algorithm>
#include <optional>

#include "bridge/types.h"
#include "settings.h"

class QAction;
class QModelIndex;
class QLabel;
class QMenu;
class QTabWidget;
class QTreeView;
class QSortFilterProxyModel;

namespace juxta {
class ComposeRunner;
class Engine;
}  // namespace juxta

namespace juxta::ui {

class ComposeDialog;

class ConsolePage;
class GraphsPage;
class InstanceListModel;
class OverviewPage;
class SeriesStore;
class TextStreamPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    // File → Open Compose File… with `file` chosen: the project's dialog (dialogs/compose_dialog.h).
    ComposeDialog* openComposeFile(const QString& file);
    MainWindow(Engine& engine, Settings settings, QWidget* parent = nullptr);

    QTreeView* instanceView() const { return list_; }
    InstanceListModel* instanceModel() const { return model_; }
    GraphsPage* graphsPage() const { return graphs_; }
    OverviewPage* overviewPage() const { return overview_; }
    QTabWidget* tabs() const { return tabs_; }
    ConsolePage* consolePage() const { return console_; }
    QString selectedInstanceId() const { return selectedId_; }
    void selectInstance(const QString& instanceId);
    // A compose project's row in the instance list: its services' charts, Start/Stop/Delete on all.
    QString selectedProject() const { return selectedProject_; }
    void selectProject(const QString& project);
    ComposeRunner* composeRunner() const { return composeRunner_; }
    QAction* startAction() const { return start_; }
    QAction* stopAction() const { return stop_; }
    QAction* compareProjectAction() const { return compareProject_; }
    QAction* deleteAction() const { return delete_; }
    QMenu* instanceListMenu() const { return listMenu_; }  // the list's right-click menu
    QAction* pullImageAction() const { return pullImage_; }
    // The window's two views: Instances (the list and the selected one's tabs) and Images.
    QTabWidget* sections() const { return sections_; }
    class ImagesPage* imagesPage() const {
        return imagesPage_;
    }
    void showImages();
    class PullImageDialog* pullDialog() const;  // the open Pull Image dialog, if any

  signals:
    void settingsChanged(const juxta::ui::Settings& settings);

  private:
    void sizeListColumns();
    void createActions();
    void createMenus();
    void onSelectionChanged();
    void onSamples(const SampleBatch& batch);
    void onHostProbed(const HostCapabilities& caps);
    void onError(const QString& instanceId, const QString& message);
    void showPreferences();
    void showAbout();
    void updateActions();
    void newContainer();
    void runImage(const QString& image);
    void newVm();
    void pullImage(const QString& reference);
    void openComposeFileDialog();
    void togglePause();
    void deleteSelected();
    void onInstanceRemoved(const QString& instanceId);
    void onLogBytes(const QString& instanceId, const QByteArray& bytes, bool fromStart);
    void showConsoleFor(const InstanceInfo& info);
    void showProject(const QString& project);
    void selectRow(const QModelIndex& source);  // a row of model_, the only one selected and current
    // Start, Stop or Delete (compose down) on a project, through composeRunner_.
    void projectAction(const QString& action, const QString& project);
    QStringList selectedLiveIds() const;
    void compareSelected();
    void showCompare();
    // The Compare window, set to the compose scenario with the selected project's file.
    void compareProject();

    Engine& engine_;
    Settings settings_;
    // What an instance's CPU figure (a share of the whole host) is in cores: the host's online CPUs,
    // as the engine counts them.
    int hostCores_ = std::max(1, int(sysconf(_SC_NPROCESSORS_ONLN)));
    InstanceListModel* model_;
    QSortFilterProxyModel* proxy_;
    SeriesStore* series_;
    QTreeView* list_;
    QTabWidget* sections_;
    class ImagesPage* imagesPage_;
    QTabWidget* tabs_;
    OverviewPage* overview_;
    GraphsPage* graphs_;
    ConsolePage* console_;
    TextStreamPage* logs_;
    QLabel* statusHost_;
    QLabel* statusKvm_;
    QString selectedId_;
    QString selectedProject_;  // a project's row is selected (selectedId_ empty)
    ComposeRunner* composeRunner_;
    QHash<QString, InstanceInfo> instances_;
    QHash<QString, QString> errors_;
    QPointer<class NewContainerDialog> newContainerDialog_;
    QPointer<class NewVmDialog> newVmDialog_;
    QPointer<class PullImageDialog> pullDialog_;
    QString vmHostWarning_;  // why stock kernels do not boot on this host; empty when they do
    QPointer<class CompareWindow> compareWindow_;
    QString consoleId_;           // the instance the console is attached to
    bool consoleSeeded_ = false;  // the log's tail was drawn before the live bytes

    QAction* newContainer_ = nullptr;
    QAction* newVm_ = nullptr;
    QAction* pullImage_ = nullptr;
    QAction* openCompose_ = nullptr;
    QAction* showInstances_ = nullptr;
    QAction* showImages_ = nullptr;
    QAction* start_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* pause_ = nullptr;
    QAction* delete_ = nullptr;
    QAction* compare_ = nullptr;
    QAction* compareSelected_ = nullptr;
    QAction* compareProject_ = nullptr;  // the selected compose project's file, in the Compare window
    QAction* preferences_ = nullptr;
    QAction* quit_ = nullptr;
    QAction* about_ = nullptr;
    QMenu* listMenu_ = nullptr;
};

}  // namespace juxta::ui
