#pragma once
// What was sampled while the comparison ran — CPU or memory of each variant against the time since
// the run began — drawn from the result's recorded series, a line per variant in its colour (a gap
// between repeats). revealUntil() shows only what had been recorded by a moment, with a cursor
// there: that is how a saved comparison is replayed without running anything.
#include <qcustomplot.h>

#include "compare/result.h"

namespace juxta::ui {

enum class RecordedFigure { Cpu, Memory };

class RecordedChart : public QCustomPlot {
    Q_OBJECT
  public:
    RecordedChart(const compare::Comparison& c, RecordedFigure figure, QWidget* parent = nullptr);

    double durationMs() const { return durationMs_; }
    void revealUntil(double tMs);
    void revealAll() { revealUntil(durationMs_); }
    int shownPoints() const;  // points drawn now, over every variant

  private:
    struct Line {
        QCPGraph* graph;
        QVector<double> keys, values;  // seconds, value; NaN between repeats
    };
    QList<Line> lines_;
    QCPItemStraightLine* cursor_;
    double durationMs_ = 0;
};

}  // namespace juxta::ui
