#include "compare/recorded_chart.h"

#include <cmath>

#include "compare/bar_charts.h"
#include "compare/figure_format.h"
#include "compare/formatted_ticker.h"
#include "compare/variant_palette.h"
#include "format.h"

namespace juxta::ui {

RecordedChart::RecordedChart(const compare::Comparison& c, RecordedFigure figure, QWidget* parent)
    : QCustomPlot(parent), cursor_(new QCPItemStraightLine(this)) {
    setMinimumSize(360, 240);
    legend->setVisible(true);
    legend->setBrush(Qt::NoBrush);
    legend->setBorderPen(Qt::NoPen);
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    const bool cpu = figure == RecordedFigure::Cpu;
    xAxis->setLabel(tr("seconds since the comparison began"));
    yAxis->setTicker(
        FormattedTicker::make(cpu ? std::function<QString(double)>(human::percent) : human::bytes));
    yAxis->setLabel(cpu ? tr("CPU (100 % = one core)") : tr("memory"));

    double top = cpu ? 100 : 1024 * 1024;
    for (const compare::VariantResult& v : c.variants) {
        Line line{addGraph(), {}, {}};
        line.graph->setName(figures::variantName(v.kind));
        line.graph->setPen(QPen(variantColor(QString::fromStdString(juxta::toString(v.kind))), 1.8));
        int repeat = -1;
        for (const compare::SeriesPoint& p : c.series) {
            if (p.variant != v.kind) continue;
            if (repeat >= 0 && p.repeat != repeat) {  // break the line between repeats
                line.keys << p.tMs / 1000.0;
                line.values << std::nan("");
            }
            repeat = p.repeat;
            const double value = cpu ? p.cpuPercent : p.memoryBytes;
            line.keys << p.tMs / 1000.0;
            line.values << value;
            top = std::max(top, value);
            durationMs_ = std::max(durationMs_, p.tMs);
        }
        if (line.keys.isEmpty())
            removeGraph(line.graph);
        else
            lines_ << line;
    }
    durationMs_ = std::max(durationMs_, c.durationMs);
    xAxis->setRange(0, std::max(durationMs_ / 1000.0, 0.001));
    yAxis->setRange(0, top * 1.15);
    cursor_->setPen(QPen(QColor(128, 128, 128), 1, Qt::DotLine));
    finishComparisonChart(this, cpu ? tr("CPU while it ran") : tr("Memory while it ran"), c);
    revealAll();
}

void RecordedChart::revealUntil(double tMs) {
    const double t = tMs / 1000.0;
    for (Line& line : lines_) {
        const auto end = std::upper_bound(line.keys.cbegin(), line.keys.cend(), t);
        const qsizetype n = end - line.keys.cbegin();
        line.graph->setData(line.keys.first(n), line.values.first(n), true);
    }
    cursor_->point1->setCoords(t, 0);
    cursor_->point2->setCoords(t, 1);
    cursor_->setVisible(tMs < durationMs_);
    replot(QCustomPlot::rpQueuedReplot);
}

int RecordedChart::shownPoints() const {
    int n = 0;
    for (const Line& line : lines_)
        for (auto it = line.graph->data()->constBegin(); it != line.graph->data()->constEnd(); ++it)
            n += std::isnan(it->value) ? 0 : 1;
    return n;
}

}  // namespace juxta::ui
