#include "compare/density_chart.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QLocale>

#include "compare/bar_charts.h"
#include "compare/figure_format.h"
#include "compare/formatted_ticker.h"
#include "compare/variant_palette.h"
#include "format.h"

namespace juxta::ui {
namespace {

// The translation context of this file's texts (lupdate reads it).
struct DensityChart {
    Q_DECLARE_TR_FUNCTIONS(juxta::ui::DensityChart)
};

QString kindPlural(InstanceKind kind) {
    return kind == InstanceKind::Vm ? DensityChart::tr("VMs") : DensityChart::tr("containers");
}

}  // namespace

QString projectionText(const compare::DensitySweep& s) {
    if (!s.projectedFit) return {};
    return DensityChart::tr("Projection: about %1 %2 would fit in %3 available (%4 each)")
        .arg(QLocale().toString(qlonglong(*s.projectedFit)), kindPlural(s.kind),
             human::bytes(s.hostAvailableBytes), human::bytes(s.slopeBytesPerInstance));
}

QCustomPlot* makeDensityChart(const compare::Comparison& c, DensityFigure figure, QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumSize(360, 240);
    plot->legend->setVisible(true);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot->xAxis->setLabel(DensityChart::tr("instances started (N)"));
    const bool memory = figure == DensityFigure::Memory;
    plot->yAxis->setTicker(FormattedTicker::make(memory ? std::function<QString(double)>(human::bytes)
                                                        : [](double v) { return figures::value(v, "ms"); }));
    plot->yAxis->setLabel(memory ? DensityChart::tr("memory") : DensityChart::tr("time to start all N"));

    double maxN = 1, top = 1;
    QStringList notes;
    for (const compare::DensitySweep& sweep : c.density) {
        if (sweep.status != compare::VariantStatus::Ok || sweep.points.empty()) continue;
        const QColor color = variantColor(QString::fromStdString(juxta::toString(sweep.kind)));
        QCPGraph* g = plot->addGraph();
        g->setName(memory ? DensityChart::tr("%1: their own memory").arg(kindPlural(sweep.kind))
                          : kindPlural(sweep.kind));
        g->setPen(QPen(color, 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
        for (const compare::DensityPoint& p : sweep.points) {
            const double v = memory ? p.footprintBytes : p.startMs;
            g->addData(p.instances, v);
            maxN = std::max<double>(maxN, p.instances);
            top = std::max(top, v);
        }
        if (memory) {  // the host's own view moves with everything else on the machine: drawn faint
            QCPGraph* host = plot->addGraph();
            host->setName(DensityChart::tr("%1: host memory used").arg(kindPlural(sweep.kind)));
            host->setPen(QPen(color.lighter(130), 1, Qt::DotLine));
            for (const compare::DensityPoint& p : sweep.points) {
                host->addData(p.instances, p.hostMemoryUsedBytes);
                top = std::max(top, p.hostMemoryUsedBytes);
            }
        }
        if (memory && sweep.projectedFit) notes << projectionText(sweep);
    }
    // The measured slope, carried on past the last N: dashed, and named a projection.
    if (memory) {
        for (const compare::DensitySweep& sweep : c.density) {
            if (sweep.status != compare::VariantStatus::Ok || sweep.points.empty()) continue;
            QCPGraph* line = plot->addGraph();
            line->setName(DensityChart::tr("%1, projected").arg(kindPlural(sweep.kind)));
            line->setPen(
                QPen(variantColor(QString::fromStdString(juxta::toString(sweep.kind))), 1.2, Qt::DashLine));
            const double last = sweep.points.back().instances, until = maxN * 1.5;
            line->addData(last, sweep.interceptBytes + sweep.slopeBytesPerInstance * last);
            line->addData(until, sweep.interceptBytes + sweep.slopeBytesPerInstance * until);
            top = std::max(top, sweep.interceptBytes + sweep.slopeBytesPerInstance * until);
        }
    }
    plot->xAxis->setRange(0, maxN * (memory ? 1.55 : 1.1));
    plot->yAxis->setRange(0, top * 1.15);
    finishComparisonChart(plot,
                          memory ? DensityChart::tr("Host memory against the number of instances")
                                 : DensityChart::tr("Start-up time against the number of instances"),
                          c);
    for (const QString& note : notes) {
        auto* text = new QCPTextElement(plot, note);
        text->setTextColor(plot->xAxis->labelColor());
        plot->plotLayout()->addElement(plot->plotLayout()->rowCount(), 0, text);
    }
    for (const compare::DensitySweep& sweep : c.density)
        if (sweep.status != compare::VariantStatus::Ok) {
            auto* text = new QCPTextElement(
                plot, DensityChart::tr("%1: not measured — %2")
                          .arg(kindPlural(sweep.kind), QString::fromStdString(sweep.reason)));
            text->setTextColor(plot->xAxis->labelColor());
            plot->plotLayout()->addElement(plot->plotLayout()->rowCount(), 0, text);
        }
    return plot;
}

}  // namespace juxta::ui
