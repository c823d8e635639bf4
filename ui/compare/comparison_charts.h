#pragma once
// Every chart of a comparison, made fresh from its result: the Compare window shows them, the
// presentation shows them again one at a time, the PDF report and the chart export draw them.
// Charts for figures the run does not have (no density sweep, no recorded series) are left out.
#include <QList>
#include <QString>

#include "compare/result.h"

class QCustomPlot;
class QWidget;

namespace juxta::ui {

class RecordedChart;

struct ComparisonChart {
    QString name;   // a machine word for file names: "ratios", "startup", "memory", ...
    QString title;  // for people
    QWidget* widget;
    QCustomPlot* plot;
    RecordedChart* recorded = nullptr;  // the charts a replay animates
};

QList<ComparisonChart> makeComparisonCharts(const compare::Comparison& c, QWidget* parent);

}  // namespace juxta::ui
