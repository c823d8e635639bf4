#pragma once
// The density sweep: how cost grows with the number of instances. One chart of memory (the
// instances' own accounts, and faintly the host's memory used, which moves with everything else on
// the machine) and one of the time to start them all, against N, in each kind's variant colour;
// the memory chart extends the measured slope as a dashed line and states, labelled as a
// projection, how many would fit in the memory the host had available.
#include <QString>

#include "compare/result.h"

class QCustomPlot;
class QWidget;

namespace juxta::ui {

enum class DensityFigure { Memory, StartTime };
QCustomPlot* makeDensityChart(const compare::Comparison& c, DensityFigure figure, QWidget* parent);
// "Projection: about 412 containers would fit in 11.2 GiB available (27.1 MiB each)".
QString projectionText(const compare::DensitySweep& sweep);

}  // namespace juxta::ui
