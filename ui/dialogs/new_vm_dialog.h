#pragma once
// New VM: the tiny-linux image, an OCI image of the store booted as a VM (its layers a shared
// read-only disk, a writable disk of the VM's own of the size given), or a kernel of the user's
// (with an initrd and a command line); name, memory, vCPUs, and raw disk images (virtio-blk: vda, vdb, ... in
// the list's order, each read-write or read-only by its check box), one of which a tiny-linux VM may take
// as the root its commands run in (a partition of a cloud image, say: /dev/vda1). On a host whose KVM cannot
// boot stock kernels (PVM) it says so up front and offers to force the start. juxtactl validates the rest and
// its answer is shown in the dialog.

#include "bridge/engine.h"
#include "dialogs/create_dialog.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace juxta::ui {

class NewVmDialog : public CreateDialog {
    Q_OBJECT
  public:
    explicit NewVmDialog(QWidget* parent = nullptr);
    VmRequest request() const;
    // What the host's KVM can do: empty when stock kernels boot here, else why they do not.
    void setHostWarning(const QString& warning);

    QComboBox* imageBox() const { return image_; }
    QLineEdit* nameEdit() const { return name_; }
    QLineEdit* kernelEdit() const { return kernel_; }
    QLineEdit* ociImageEdit() const { return ociImage_; }
    QLineEdit* diskSizeEdit() const { return diskSize_; }
    QLineEdit* rootEdit() const { return root_; }
    QLineEdit* memoryEdit() const { return memory_; }
    QSpinBox* vcpusBox() const { return vcpus_; }
    QCheckBox* forceBox() const { return force_; }
    QListWidget* diskList() const { return disks_; }
    QComboBox* networkBox() const { return network_; }
    // What Add… does after its file dialog (tests call it directly).
    void addDisk(const QString& file, bool readOnly = false);

  signals:
    void submitted(const juxta::VmRequest& request);

  private:
    QString problem() const override;
    void submit() override;
    void updateKernelFields();
    // A line edit with a Browse… button beside it; labels in the form point at the edit.
    QWidget* pathRow(QLineEdit* edit, const QString& title);
    // The disk list with Add… and Remove beside it.
    QWidget* diskRow();

    QComboBox* image_;
    QLineEdit* name_;
    QLineEdit* kernel_;
    QLineEdit* initrd_;
    QLineEdit* cmdline_;
    QLineEdit* ociImage_;
    QLineEdit* diskSize_;
    QWidget* kernelRow_ = nullptr;
    QWidget* initrdRow_ = nullptr;
    QLineEdit* memory_;
    QSpinBox* vcpus_;
    QListWidget* disks_;
    QLineEdit* root_;
    QComboBox* network_;
    QCheckBox* force_;
    QLabel* hostWarning_;
};

}  // namespace juxta::ui
