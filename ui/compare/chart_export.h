#pragma once
// One chart to a file or onto a page: PNG (raster, at twice the pixel density so it stays sharp on a
// slide) and SVG (vector, through QSvgGenerator) by the file's suffix, and onto any QPainter (the PDF
// report). The plot is drawn at the size asked for, not grabbed from the screen, so a chart that is
// hidden (another slide, another tab) exports the same as one on screen.
#include <QList>
#include <QPair>
#include <QSize>
#include <QString>
#include <QStringList>

#include "core/error.h"

class QCPPainter;
class QCustomPlot;
class QRect;

namespace juxta::ui {

// Writes the chart to path; the suffix (.png or .svg) chooses the format. size empty: the chart's
// own size, or 800×450 when it was never laid out.
Status exportChart(QCustomPlot* plot, const QString& path, QSize size = {});
// Every chart as <directory>/<name>.png and <name>.svg; names are machine words ("cpu", "startup"), so
// the files are the same in every language. Returns the paths written.
using NamedChart = QPair<QString, QCustomPlot*>;
Result<QStringList> exportCharts(const QList<NamedChart>& charts, const QString& directory);
// Draws the chart laid out at logical size, scaled into target on painter (vector where the
// painter's device is: a PDF page keeps lines and text sharp).
void paintChart(QCustomPlot* plot, QCPPainter* painter, const QRect& target, QSize logical = {});

}  // namespace juxta::ui
