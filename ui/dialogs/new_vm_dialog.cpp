#include "dialogs/new_vm_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

namespace juxta::ui {
namespace {

constexpr int kTinyLinux = 0;  // image_ entries
constexpr int kOwnKernel = 1;
constexpr int kOciImage = 2;

}  // namespace

NewVmDialog::NewVmDialog(QWidget* parent)
    : CreateDialog(parent),
      image_(new QComboBox(this)),
      name_(new QLineEdit(this)),
      kernel_(new QLineEdit(this)),
      initrd_(new QLineEdit(this)),
      cmdline_(new QLineEdit(this)),
      ociImage_(new QLineEdit(this)),
      diskSize_(new QLineEdit(this)),
      memory_(new QLineEdit(this)),
      vcpus_(new QSpinBox(this)),
      disks_(new QListWidget(this)),
      root_(new QLineEdit(this)),
      network_(new QComboBox(this)),
      force_(new QCheckBox(tr("Start it anyway (it will not get far on this host)"), this)),
      hostWarning_(new QLabel(this)) {
    setWindowTitle(tr("New Virtual Machine"));
    image_->addItem(tr("tiny-linux (Debian cloud kernel, busybox and the Juxta agent)"));
    image_->addItem(tr("My own kernel…"));
    image_->addItem(tr("An OCI image, as a VM…"));
    ociImage_->setText(QStringLiteral("busybox"));
    ociImage_->setToolTip(
        tr("An image from the store (juxtactl images): its layers become a read-only disk shared by every VM "
           "of it, joined in the guest with a disk of this VM's own"));
    diskSize_->setText(QStringLiteral("1G"));
    diskSize_->setToolTip(tr("This VM's own disk, for what it writes: kept across stop and start"));
    name_->setPlaceholderText(tr("optional, e.g. db-vm"));
    acceptInstanceNames(name_);
    kernel_->setPlaceholderText(tr("a bzImage or an ELF vmlinux"));
    initrd_->setPlaceholderText(tr("optional"));
    cmdline_->setPlaceholderText(tr("the image's default, e.g. console=ttyS0"));
    memory_->setText(QStringLiteral("256M"));
    memory_->setToolTip(tr("Guest memory, e.g. 256M or 1G"));
    vcpus_->setRange(1, std::max(1, QThread::idealThreadCount()) * 4);
    vcpus_->setValue(1);
    hostWarning_->setTextFormat(Qt::PlainText);
    hostWarning_->setWordWrap(true);
    hostWarning_->setObjectName(QStringLiteral("hostWarning"));
    hostWarning_->setStyleSheet(QStringLiteral("QLabel { color: #b45309; }"));
    hostWarning_->hide();
    force_->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Image:"), image_);
    form->addRow(tr("&Kernel:"), pathRow(kernel_, tr("Choose a kernel")));
    form->addRow(tr("Init&rd:"), pathRow(initrd_, tr("Choose an initrd")));
    form->addRow(tr("Command &line:"), cmdline_);
    form->addRow(tr("OCI ima&ge:"), ociImage_);
    form->addRow(tr("Its disk si&ze:"), diskSize_);
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Memory:"), memory_);
    form->addRow(tr("&vCPUs:"), vcpus_);
    form->addRow(tr("&Disks:"), diskRow());
    root_->setObjectName(QStringLiteral("root"));
    root_->setPlaceholderText(tr("optional, e.g. /dev/vda1"));
    root_->setToolTip(
        tr("One of the disks above (or a partition of it) whose ext4 file system becomes the root the VM's "
           "commands run in — a cloud image of yours, say; tiny-linux's kernel and agent boot it, not its "
           "own init"));
    form->addRow(tr("R&oot disk:"), root_);
    network_->setObjectName(QStringLiteral("network"));
    network_->addItem(tr("None — no network card"));
    network_->addItem(
        tr("Bridge — a virtio-net card on juxta0: the host, containers and other VMs reach it"));
    form->addRow(tr("Ne&twork:"), network_);
    auto* devices = new QLabel(tr("Devices: serial console (Console tab), agent channel, the disks above "
                                  "(virtio-blk: vda, vdb, … in this order; a ticked disk is read-only), and "
                                  "the network card chosen."),
                               this);
    devices->setWordWrap(true);
    devices->setEnabled(false);
    form->addRow(QString(), devices);
    connect(image_, &QComboBox::currentIndexChanged, this, &NewVmDialog::updateKernelFields);
    updateKernelFields();

    body()->addLayout(form);
    body()->addWidget(hostWarning_);  // outside the form: a wrapped label there loses its first line
    body()->addWidget(force_);
    resize(600, sizeHint().height());
}

QWidget* NewVmDialog::diskRow() {
    auto* box = new QWidget(this);
    auto* h = new QHBoxLayout(box);
    h->setContentsMargins(0, 0, 0, 0);
    disks_->setObjectName(QStringLiteral("disks"));
    disks_->setToolTip(tr("Raw disk images; tick one to attach it read-only"));
    auto* buttons = new QVBoxLayout;
    auto* add = new QPushButton(tr("&Add…"), box);
    auto* remove = new QPushButton(tr("R&emove"), box);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    // Five lines of the list, or the two buttons beside it if they are taller (CJK fonts).
    disks_->setMaximumHeight(
        std::max(disks_->fontMetrics().height() * 5,
                 add->sizeHint().height() + remove->sizeHint().height() + buttons->spacing()));
    h->addWidget(disks_, 1);
    h->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Choose a raw disk image"), QString(),
                                         tr("Raw disk images (*.raw *.img *.ext4 *.disk);;All files (*)"));
        if (!file.isEmpty()) addDisk(file);
    });
    connect(remove, &QPushButton::clicked, this, [this] { delete disks_->currentItem(); });
    box->setFocusProxy(disks_);
    return box;
}

void NewVmDialog::addDisk(const QString& file, bool readOnly) {
    auto* item = new QListWidgetItem(file, disks_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(readOnly ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(tr("Ticked: read-only"));
    disks_->setCurrentItem(item);
}

QWidget* NewVmDialog::pathRow(QLineEdit* edit, const QString& title) {
    auto* box = new QWidget(this);
    auto* h = new QHBoxLayout(box);
    h->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(tr("Browse…"), box);
    h->addWidget(edit, 1);
    h->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, title] {
        const QString file = QFileDialog::getOpenFileName(this, title, edit->text());
        if (!file.isEmpty()) edit->setText(file);
    });
    box->setFocusProxy(edit);  // the form label's mnemonic lands in the edit
    (edit == kernel_ ? kernelRow_ : initrdRow_) = box;
    return box;
}

void NewVmDialog::updateKernelFields() {
    const bool own = image_->currentIndex() == kOwnKernel;
    kernelRow_->setEnabled(own);
    initrdRow_->setEnabled(own);
    const bool oci = image_->currentIndex() == kOciImage;
    ociImage_->setEnabled(oci);
    diskSize_->setEnabled(oci);
    root_->setEnabled(image_->currentIndex() == kTinyLinux);
}

void NewVmDialog::setHostWarning(const QString& warning) {
    hostWarning_->setText(warning);
    hostWarning_->setVisible(!warning.isEmpty());
    force_->setVisible(!warning.isEmpty());
    resize(width(), sizeHint().height());  // room for the wrapped warning
}

VmRequest NewVmDialog::request() const {
    VmRequest r;
    r.name = name_->text().trimmed();
    if (image_->currentIndex() == kOwnKernel) {
        r.kernel = kernel_->text().trimmed();
        r.initrd = initrd_->text().trimmed();
    }
    if (image_->currentIndex() == kOciImage) {
        r.image = ociImage_->text().trimmed();
        r.diskSize = diskSize_->text().trimmed();
    }
    if (image_->currentIndex() == kTinyLinux) r.root = root_->text().trimmed();
    r.cmdline = cmdline_->text().trimmed();
    r.memory = memory_->text().trimmed();
    r.vcpus = vcpus_->value();
    r.bridge = network_->currentIndex() == 1;
    for (int i = 0; i < disks_->count(); ++i)
        r.disks.push_back({disks_->item(i)->text(), disks_->item(i)->checkState() == Qt::Checked});
    r.force = force_->isVisible() && force_->isChecked();
    return r;
}

QString NewVmDialog::problem() const {
    if (image_->currentIndex() == kOwnKernel && kernel_->text().trimmed().isEmpty())
        return tr("Choose a kernel file, or pick the tiny-linux image.");
    if (image_->currentIndex() == kOciImage && ociImage_->text().trimmed().isEmpty())
        return tr("Name an image of the store, e.g. busybox.");
    if (memory_->text().trimmed().isEmpty()) return tr("Give the guest some memory, e.g. 256M.");
    if (image_->currentIndex() == kTinyLinux && !root_->text().trimmed().isEmpty() && disks_->count() == 0)
        return tr("Add the disk whose file system is to be the root (or leave the root empty).");
    return {};
}

void NewVmDialog::submit() {
    emit submitted(request());
}

}  // namespace juxta::ui
