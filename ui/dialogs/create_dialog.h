#pragma once
// The frame every "New …" dialog shares: the subclass's form on top, a line that says what is
// wrong, and "Create and Start" / Cancel. OK checks the form; if it passes, the dialog submits the
// request and waits for the answer: finish(true) closes it, finish(false, why) shows why and stays
// open for a correction.
#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace juxta::ui {

class CreateDialog : public QDialog {
    Q_OBJECT

  public:
    // Shown in the dialog (e.g. juxtactl's answer), which then stays open for a correction.
    void showError(const QString& message);
    void accept() override;
    void finish(bool ok, const QString& message);

  protected:
    explicit CreateDialog(QWidget* parent);
    // Where the subclass lays out its form; the error line and the buttons stay below it.
    QVBoxLayout* body() const { return body_; }
    // What is wrong with the form, or empty when it can be submitted.
    virtual QString problem() const = 0;
    // Emits the subclass's request.
    virtual void submit() = 0;
    // Names as juxtactl takes them for containers and VMs alike.
    static void acceptInstanceNames(QLineEdit* edit);

  private:
    QVBoxLayout* body_;
    QLabel* error_;
    QPushButton* ok_;
};

}  // namespace juxta::ui
