#pragma once
// Presentation mode for architecture reviews: full screen, large type, one chart at a time. Right,
// Space and Page Down go forward; Left, Backspace and Page Up go back; Home and End jump; Escape
// leaves. Each slide is a title and a widget the window owns (the caller makes fresh charts for it,
// so the window it came from keeps its own).
#include <QWidget>

class QLabel;
class QStackedWidget;

namespace juxta::ui {

class PresentationWindow : public QWidget {
    Q_OBJECT
  public:
    explicit PresentationWindow(QWidget* parent = nullptr);

    void addSlide(const QString& title, QWidget* content);
    int slideCount() const;
    int currentSlide() const;
    QString currentTitle() const;
    void showSlide(int index);
    // Full screen, or maximized where the platform has no full screen (offscreen tests).
    void present();

    static constexpr double kFontScale = 1.8;

  signals:
    void closed();

  protected:
    void keyPressEvent(QKeyEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

  private:
    QLabel* title_;
    QLabel* position_;
    QStackedWidget* stack_;
    QStringList titles_;
};

}  // namespace juxta::ui
