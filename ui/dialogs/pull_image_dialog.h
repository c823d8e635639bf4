#pragma once
// Pull Image: a reference ("redis:7", "registry.example.com:5000/team/app:1.0"), how to reach the
// registry (TLS checked or not, a user and password or the saved login), then one row per layer
// with its state and bytes, a total with the rate and the time left, and Cancel that stops the
// transfers at once. The pull is images::pullImage through ImagePuller (bridge/image_puller.h):
// the same as `juxtactl pull`.
#include <QDialog>
#include <QElapsedTimer>

#include "bridge/image_puller.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace juxta::ui {

class PullImageDialog : public QDialog {
    Q_OBJECT
  public:
    explicit PullImageDialog(QWidget* parent = nullptr);

    void setReference(const QString& reference);
    // Starts the pull of what the form says (the Pull button does the same).
    void startPull();
    // The store's name of the image pulled last; empty until one was.
    QString pulledImage() const { return pulled_; }

    ImagePuller* puller() { return &puller_; }
    QTreeWidget* layerList() const { return layers_; }
    QProgressBar* totalBar() const { return total_; }
    QLabel* statusLabel() const { return status_; }
    QPushButton* pullButton() const { return pullButton_; }
    QPushButton* cancelButton() const { return cancelButton_; }
    QLineEdit* referenceEdit() const { return reference_; }

  signals:
    void imagePulled(const QString& imageName);

  protected:
    void reject() override;  // Cancel: stops a running pull first

  private:
    void showProgress(const juxta::images::PullProgress& p);
    void setRunning(bool running);

    QLineEdit* reference_;
    QCheckBox* tlsVerify_;
    QLineEdit* user_;
    QLineEdit* password_;
    QTreeWidget* layers_;
    QProgressBar* total_;
    QLabel* totals_;
    QLabel* status_;
    QPushButton* pullButton_;
    QPushButton* cancelButton_;
    ImagePuller puller_;
    QElapsedTimer clock_;
    qint64 startBytes_ = -1;
    QString pulled_;
};

}  // namespace juxta::ui
