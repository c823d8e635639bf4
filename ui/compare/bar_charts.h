#pragma once
// The comparison's bar charts. Ratios: a group per figure (each workload metric, start-up, memory),
// a bar per variant in its colour, its height the variant's median over the host's (the host is
// 1.00, drawn as a line). Memory: a stacked bar per variant, one segment per part of its footprint
// (workload, runtime, guest kernel + VMM), its total written on top. A variant that did not run is
// named under the chart with its reason instead of a zero bar (a scenario's kind too).
#include <QString>

#include "compare/result.h"

class QCustomPlot;
class QWidget;

namespace juxta::ui {

QCustomPlot* makeRatioChart(const compare::Comparison& c, QWidget* parent);
QCustomPlot* makeMemoryChart(const compare::Comparison& c, QWidget* parent);
// An empty chart with the comparison charts' legend and grid.
QCustomPlot* newComparisonPlot(QWidget* parent);
// A label centred above a bar.
void labelTop(QCustomPlot* plot, double key, double value, const QString& text);
// Sets title and axes colours from parent's palette and adds "vm: unavailable — <reason>" lines.
void finishComparisonChart(QCustomPlot* plot, const QString& title, const compare::Comparison& c);

}  // namespace juxta::ui
