#pragma once
// The Console and Logs tabs: a monospace view of an instance's byte stream. Instances without one
// (the host) show why instead.
#include <QWidget>

class QPlainTextEdit;
class QStackedLayout;
class QLabel;

namespace juxta::ui {

class TextStreamPage : public QWidget {
    Q_OBJECT
  public:
    explicit TextStreamPage(QWidget* parent = nullptr);

    void showUnavailable(const QString& why);
    void showStream(const QByteArray& initial);
    void appendBytes(const QByteArray& bytes);
    QString text() const;

  private:
    QStackedLayout* stack_;
    QLabel* unavailable_;
    QPlainTextEdit* view_;
};

}  // namespace juxta::ui
