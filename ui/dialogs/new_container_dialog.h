#pragma once
// New Container: image, name, command, limits, root file system mode, terminal, network, volumes,
// restart policy, labels. The engine
// (juxtactl) validates the limits and says what is wrong; the dialog only checks what it can see.

#include "bridge/engine.h"
#include "dialogs/create_dialog.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace juxta::ui {

class NewContainerDialog : public CreateDialog {
    Q_OBJECT
  public:
    explicit NewContainerDialog(QWidget* parent = nullptr);
    ContainerRequest request() const;
    // Words as a POSIX shell splits them: '...' literal, "..." with \ escapes, \ outside quotes.
    // *ok is false for an unterminated quote.
    static QStringList splitCommand(const QString& line, bool* ok = nullptr);

    QComboBox* imageBox() const { return image_; }
    QLineEdit* nameEdit() const { return name_; }
    QLineEdit* commandEdit() const { return command_; }
    QLineEdit* memoryEdit() const { return memory_; }
    QLineEdit* cpusEdit() const { return cpus_; }
    QComboBox* networkBox() const { return network_; }
    QLineEdit* publishEdit() const { return publish_; }
    QLineEdit* volumesEdit() const { return volumes_; }
    QComboBox* restartBox() const { return restart_; }
    QLineEdit* labelsEdit() const { return labels_; }

    QPushButton* pullButton() const { return pull_; }

  signals:
    void submitted(const juxta::ContainerRequest& request);
    // "Pull…" beside the image: the reference typed there, to be pulled from its registry.
    void pullRequested(const QString& reference);

  private:
    QString problem() const override;
    void submit() override;

    QComboBox* image_;
    QLineEdit* name_;
    QLineEdit* command_;
    QLineEdit* memory_;
    QLineEdit* cpus_;
    QLineEdit* pids_;
    QCheckBox* readOnly_;
    QCheckBox* terminal_;
    QComboBox* network_;
    QLineEdit* publish_;
    QLineEdit* volumes_;
    QComboBox* restart_;
    QLineEdit* labels_;
    QPushButton* pull_;
};

}  // namespace juxta::ui
