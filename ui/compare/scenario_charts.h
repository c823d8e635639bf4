#pragma once
// The charts of a scenario (the four-service stack): the memory each kind of instance costs for
// the whole stack, stacked by service; the time until all four were ready; and isolation — each
// service's ops/s over time relative to before the hog, with the moments the hog started and was
// killed marked — one chart per kind that ran.
#include "compare/result.h"

class QCustomPlot;
class QWidget;

namespace juxta::ui {

QCustomPlot* makeStackMemoryChart(const compare::Comparison& c, QWidget* parent);
QCustomPlot* makeStackReadyChart(const compare::Comparison& c, QWidget* parent);
QCustomPlot* makeIsolationChart(const compare::Comparison& c, const compare::ScenarioRun& run,
                                QWidget* parent);

}  // namespace juxta::ui
