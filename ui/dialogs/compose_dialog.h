#pragma once
// Open Compose File: the project a compose file describes (compose/parse.h, as `juxtactl compose
// config` reads it) — each service with its image, whether it runs as a container or a VM, its
// ports and what it waits for — and Up / Down, which run compose::up and compose::down through
// ComposeRunner (bridge/compose_runner.h): the same as `juxtactl compose up -d` and `down`. The
// services' containers appear in the instance list as <project>-<service> as they start.
#include <QDialog>

#include "bridge/compose_runner.h"
#include "compose/model.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace juxta::ui {

class ComposeDialog : public QDialog {
    Q_OBJECT
  public:
    // `runner`: the window's, so one compose operation runs at a time whoever asked for it.
    ComposeDialog(ComposeRunner* runner, QWidget* parent = nullptr);

    // Reads the file; false (and the reason in statusLabel()) when it is refused.
    bool open(const QString& file);

    QTreeWidget* serviceList() const { return services_; }
    QLabel* statusLabel() const { return status_; }
    QPushButton* upButton() const { return up_; }
    QPushButton* downButton() const { return down_; }
    QPlainTextEdit* progressLog() const { return log_; }
    ComposeRunner* runner() { return runner_; }

  private:
    void setRunning(bool running);

    QLabel* title_;
    QTreeWidget* services_;
    QPlainTextEdit* log_;
    QLabel* status_;
    QPushButton* up_;
    QPushButton* down_;
    ComposeRunner* runner_;
    bool asked_ = false;  // the operation under way is this dialog's Up or Down
    compose::Project project_;
    bool loaded_ = false;
    bool goingUp_ = false;
};

}  // namespace juxta::ui
