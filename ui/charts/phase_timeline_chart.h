#pragma once
// The start-up phase timeline as a Gantt chart: one row per phase, a bar from its start to its end
// (ms from the request), its duration written beside it. Several timelines (one per variant in a
// comparison) share the time axis, one row each, their phases in consistent colours.
#include <QWidget>

#include "core/timeline.h"

class QCustomPlot;

namespace juxta::ui {

class PhaseTimelineChart : public QWidget {
    Q_OBJECT
  public:
    struct Labelled {
        QString label;
        PhaseTimeline timeline;
    };

    explicit PhaseTimelineChart(QWidget* parent = nullptr);

    void setTimeline(const PhaseTimeline& timeline);      // rows = phases
    void setTimelines(const QList<Labelled>& timelines);  // rows = timelines, bars = phases
    void clear();

    int barCount() const { return bars_; }
    QStringList rowLabels() const { return rows_; }
    QCustomPlot* plot() const { return plot_; }

    static QColor phaseColor(const QString& phase);

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void addBar(int row, double startMs, double endMs, const QColor& color, const QString& text);
    void finish(double totalMs);
    void applyPalette();

    QCustomPlot* plot_;
    QStringList rows_;
    int bars_ = 0;
};

}  // namespace juxta::ui
