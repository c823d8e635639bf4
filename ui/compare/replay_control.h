#pragma once
// Replay of a recorded run: play/pause, a position slider along the recorded time axis and a speed.
// It only moves a position (ms since the run began); the charts follow positionChanged(). Without
// a choice, the speed is the slowest that replays the whole run within about 15 seconds.
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace juxta::ui {

class ReplayControl : public QWidget {
    Q_OBJECT
  public:
    explicit ReplayControl(QWidget* parent = nullptr);

    void setDuration(double ms);
    double duration() const { return durationMs_; }
    double position() const { return positionMs_; }
    double speed() const;
    bool playing() const { return timer_.isActive(); }

    void play();  // from the start when at the end
    void pause();
    void seek(double ms);

    static constexpr int kTickMs = 40;

  signals:
    void positionChanged(double ms);

  private:
    void tick();
    void updateLabel();

    QToolButton* playButton_;
    QSlider* slider_;
    QComboBox* speed_;
    QLabel* time_;
    QTimer timer_;
    double durationMs_ = 0;
    double positionMs_ = 0;
};

}  // namespace juxta::ui
