#pragma once
// The comparison's bar charts. Ratios: a group per figure (each workload metric, start-up, memory),
// a bar per variant in its colour, its height the variant's median over the host's (the host is
// 1.00, drawn as a line). Memory: a stacked bar per variant, one segment per part of its footprint
// (workload, runtime, guest kernel + VMM), its total written on top. A variant that did not run is
// named under the chart with its reason instead of a zero bar.
#include <QString>

#include "bench/compare/result.h"

class QCustomPlot;
class QWidget;

namespace juxta::ui {

QCustomPlot* makeRatioChart(const compare::Comparison& c, QWidget* parent);
QCustomPlot* makeMemoryChart(const compare::Comparison& c, QWidget* parent);
// Sets title and axes colours from parent's palette and adds "vm: unavailable — <reason>" lines.
void finishComparisonChart(QCustomPlot* plot, const QString& title, const compare::Comparison& c);

}  // namespace juxta::ui
