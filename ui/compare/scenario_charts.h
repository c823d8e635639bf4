#pragma once
// The charts of a scenario (the four-service stack): the memory each kind of instance costs for
// the whole stack, stacked by service; the time until all four were ready; and isolation — each
// service's ops/s over time relative to before the hog, with the moments the hog started and was
// killed marked — one chart per kind that ran. The compose scenario (a user's file, each way) draws the
// same memory and readiness charts, a column per way, its isolation chart from the loaded service's
// requests/s, and its load charts.
#include "compare/result.h"

class QCustomPlot;
class QWidget;

namespace juxta::ui {

QCustomPlot* makeStackMemoryChart(const compare::Comparison& c, QWidget* parent);
QCustomPlot* makeStackReadyChart(const compare::Comparison& c, QWidget* parent);
// The compose scenario's load on its web service, a group per way: requests/s (idle, while the hog
// exhausts its memory, after) or latency (p50 and p99 idle, p99 while the hog).
enum class ComposeLoadFigure { Requests, Latency };
QCustomPlot* makeComposeLoadChart(const compare::Comparison& c, ComposeLoadFigure figure, QWidget* parent);
QCustomPlot* makeIsolationChart(const compare::Comparison& c, const compare::ScenarioRun& run,
                                QWidget* parent);

}  // namespace juxta::ui
