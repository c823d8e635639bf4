#pragma once
// Every chart takes its background, axes, labels and grid from the widget palette, so charts read
// in light and dark themes alike.
#include <QPalette>

class QCustomPlot;

namespace juxta::ui {

// Background, axes and grid (dotted, faint) of the plot's two main axes; returns the text colour.
QColor applyChartPalette(QCustomPlot* plot, const QPalette& palette);

}  // namespace juxta::ui
