#pragma once
// The Console tab: a terminal attached to the selected instance's console, or why there is none.
#include <QWidget>

class QLabel;
class QStackedLayout;

namespace juxta::ui {

class TerminalWidget;

class ConsolePage : public QWidget {
    Q_OBJECT
  public:
    explicit ConsolePage(QWidget* parent = nullptr);

    void showUnavailable(const QString& why);
    void showTerminal();  // a fresh screen
    void setStatus(const QString& status);
    bool terminalShown() const;
    TerminalWidget* terminal() const { return terminal_; }

  private:
    QStackedLayout* stack_;
    QLabel* unavailable_;
    QWidget* terminalPage_;
    QLabel* status_;
    TerminalWidget* terminal_;
};

}  // namespace juxta::ui
