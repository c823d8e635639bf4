#pragma once
// The Compare window: choose a workload and how to run it (left), Run with a progress bar and a
// Cancel that stops the harness, and the result side by side (right): the ratio chart and every
// figure's table, the start-up Gantt, the memory composition, what was recorded while it ran (with
// Replay), the density curves. Saved comparisons are listed below the form and reopen without
// running anything; the result can be presented full screen and exported (PDF report, charts as
// PNG and SVG, CSV, JSON, Markdown).
#include <QPointer>
#include <QWidget>
#include <optional>

#include "bridge/saved_comparisons.h"
#include "bridge/types.h"
#include "compare/comparison_charts.h"
#include "compare/result.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;

namespace juxta {
class CompareRunner;
}

namespace juxta::ui {

class CompareSetup;
class ComparisonTableModel;
class PresentationWindow;
class ReplayControl;

class CompareWindow : public QWidget {
    Q_OBJECT
  public:
    explicit CompareWindow(QWidget* parent = nullptr);

    void setHostCapabilities(const HostCapabilities& caps);
    void run();
    void cancel();
    bool running() const;
    void showComparison(const compare::Comparison& c);
    // Reading from disk happens in the bridge's thread (SavedComparisons): the comparison is shown,
    // or a warning says why not, when it has been read; the list fills when it has been read.
    void openSaved(const QString& id);
    void refreshSaved();
    PresentationWindow* present();
    Result<QStringList> exportTo(const QString& directory);

    const std::optional<compare::Comparison>& comparison() const { return comparison_; }
    const QList<ComparisonChart>& charts() const { return charts_; }
    CompareSetup* setup() const { return setup_; }
    CompareRunner* runner() const { return runner_; }
    SavedComparisons* savedComparisons() const { return savedStore_; }
    QPushButton* runButton() const { return run_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* stepLabel() const { return step_; }
    QListWidget* savedList() const { return saved_; }
    QTabWidget* results() const { return results_; }
    ComparisonTableModel* table() const { return table_; }
    ReplayControl* replay() const { return replay_; }

  signals:
    void runEnded(bool ok);

  private:
    QWidget* makeLeftPane();
    QWidget* makeResultsPane();
    void setRunning(bool running);
    void onFinished(const compare::Comparison& c);
    void onFailed(const QString& message);
    void showSaved(const std::vector<SavedComparison>& saved);
    void chooseExportFolder();
    void chooseReportFile();

    CompareRunner* runner_;
    SavedComparisons* savedStore_;
    CompareSetup* setup_;
    QPushButton* run_;
    QPushButton* cancel_;
    QProgressBar* progress_;
    QLabel* step_;
    QListWidget* saved_;
    QLabel* heading_;
    QTabWidget* results_;
    ComparisonTableModel* table_;
    ReplayControl* replay_;
    QList<QPushButton*> resultActions_;  // present and export: only with a result shown
    std::optional<compare::Comparison> comparison_;
    QList<ComparisonChart> charts_;
};

}  // namespace juxta::ui
