#pragma once
// Axis tick labels in the chart's own unit ("512 MiB", "1.50×", "12 ms") from a formatter.
#include <qcustomplot.h>

#include <functional>

namespace juxta::ui {

class FormattedTicker : public QCPAxisTicker {
  public:
    using Formatter = std::function<QString(double)>;
    explicit FormattedTicker(Formatter f) : format_(std::move(f)) {}

    static QSharedPointer<FormattedTicker> make(Formatter f, int tickCount = 5) {
        auto t = QSharedPointer<FormattedTicker>::create(std::move(f));
        t->setTickCount(tickCount);
        return t;
    }

  protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override { return format_(tick); }

  private:
    Formatter format_;
};

}  // namespace juxta::ui
