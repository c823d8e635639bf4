#pragma once
// New Container: image, name, command, limits, root file system mode, terminal. The engine (juxtactl)
// validates the limits and says what is wrong; the dialog only checks what it can see.
#include <QDialog>

#include "bridge/engine.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace juxta::ui {

class NewContainerDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewContainerDialog(QWidget* parent = nullptr);
    ContainerRequest request() const;
    // Words as a POSIX shell splits them: '...' literal, "..." with \ escapes, \ outside quotes.
    // *ok is false for an unterminated quote.
    static QStringList splitCommand(const QString& line, bool* ok = nullptr);
    // Shown in the dialog (e.g. juxtactl's answer), which then stays open for a correction.
    void showError(const QString& message);

    QComboBox* imageBox() const { return image_; }
    QLineEdit* nameEdit() const { return name_; }
    QLineEdit* commandEdit() const { return command_; }
    QLineEdit* memoryEdit() const { return memory_; }

    // OK checks the form and emits submitted(); the dialog closes when finish(true) says it was
    // created, and stays open with the reason after finish(false, reason).
    void accept() override;
    void finish(bool ok, const QString& message);

signals:
    void submitted(const juxta::ContainerRequest& request);

private:
    QComboBox* image_;
    QLineEdit* name_;
    QLineEdit* command_;
    QLineEdit* memory_;
    QLineEdit* cpus_;
    QLineEdit* pids_;
    QCheckBox* readOnly_;
    QCheckBox* terminal_;
    QLabel* error_;
    QPushButton* ok_;
};

}  // namespace juxta::ui
