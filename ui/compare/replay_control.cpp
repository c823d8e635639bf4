#include "compare/replay_control.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include "format.h"

namespace juxta::ui {

ReplayControl::ReplayControl(QWidget* parent)
    : QWidget(parent),
      playButton_(new QToolButton(this)),
      slider_(new QSlider(Qt::Horizontal, this)),
      speed_(new QComboBox(this)),
      time_(new QLabel(this)) {
    playButton_->setObjectName(QStringLiteral("replay"));
    playButton_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    slider_->setObjectName(QStringLiteral("replayPosition"));
    slider_->setRange(0, 0);
    for (int s : {1, 2, 5, 10, 30, 100}) speed_->addItem(tr("%1×").arg(s), s);
    speed_->setToolTip(tr("Replay speed: how much faster than it was recorded"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(playButton_);
    layout->addWidget(slider_, 1);
    layout->addWidget(time_);
    layout->addWidget(speed_);
    timer_.setInterval(kTickMs);
    connect(&timer_, &QTimer::timeout, this, &ReplayControl::tick);
    connect(playButton_, &QToolButton::clicked, this, [this] { playing() ? pause() : play(); });
    connect(slider_, &QSlider::sliderMoved, this, [this](int v) { seek(v); });
    pause();
}

double ReplayControl::speed() const {
    return speed_->currentData().toDouble();
}

void ReplayControl::setDuration(double ms) {
    pause();
    durationMs_ = std::max(ms, 0.0);
    slider_->setRange(0, int(durationMs_));
    int choice = speed_->count() - 1;
    for (int i = 0; i < speed_->count(); ++i)
        if (durationMs_ / speed_->itemData(i).toDouble() <= 15000) {
            choice = i;
            break;
        }
    speed_->setCurrentIndex(choice);
    seek(durationMs_);  // a reopened comparison first shows everything
}

void ReplayControl::play() {
    if (durationMs_ <= 0) return;
    if (positionMs_ >= durationMs_) seek(0);
    timer_.start();
    playButton_->setText(tr("Pause"));
    playButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
}

void ReplayControl::pause() {
    timer_.stop();
    playButton_->setText(tr("Replay"));
    playButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

void ReplayControl::seek(double ms) {
    positionMs_ = std::clamp(ms, 0.0, durationMs_);
    slider_->setValue(int(positionMs_));
    updateLabel();
    emit positionChanged(positionMs_);
}

void ReplayControl::tick() {
    seek(positionMs_ + kTickMs * speed());
    if (positionMs_ >= durationMs_) pause();
}

void ReplayControl::updateLabel() {
    time_->setText(
        tr("%1 of %2").arg(human::duration(positionMs_ / 1000.0), human::duration(durationMs_ / 1000.0)));
}

}  // namespace juxta::ui
