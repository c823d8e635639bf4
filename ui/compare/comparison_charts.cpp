#include "compare/comparison_charts.h"

#include <qcustomplot.h>

#include <QCoreApplication>

#include "charts/phase_timeline_chart.h"
#include "compare/bar_charts.h"
#include "compare/density_chart.h"
#include "compare/figure_format.h"
#include "compare/recorded_chart.h"
#include "compare/scenario_charts.h"

namespace juxta::ui {
namespace {

// The translation context of this file's texts (lupdate reads it).
struct ComparisonCharts {
    Q_DECLARE_TR_FUNCTIONS(juxta::ui::ComparisonCharts)
};

// The start-up Gantt: a row per variant that ran, its phases where they happened (ms from the
// request). A variant without a phase breakdown shows its time to the workload as one bar.
PhaseTimelineChart* makeStartupChart(const compare::Comparison& c, QWidget* parent) {
    QList<PhaseTimelineChart::Labelled> rows;
    for (const compare::VariantResult& v : c.variants) {
        if (v.status != compare::VariantStatus::Ok) continue;
        PhaseTimeline t(0);
        for (const compare::PhaseSpan& p : v.startup.phases)
            t.add(p.name, int64_t(p.startMs * 1e6), int64_t(p.endMs * 1e6));
        if (t.phases().empty() && !v.startup.toWorkloadMs.empty())
            t.add("to workload", 0, int64_t(v.startup.toWorkloadMs.median * 1e6));
        if (!t.phases().empty()) rows.push_back({figures::variantName(v.kind), t});
    }
    if (rows.isEmpty()) return nullptr;
    auto* chart = new PhaseTimelineChart(parent);
    chart->setTimelines(rows);
    return chart;
}

}  // namespace

QList<ComparisonChart> makeComparisonCharts(const compare::Comparison& c, QWidget* parent) {
    QList<ComparisonChart> charts;
    const auto add = [&](const QString& name, const QString& title, QCustomPlot* plot) {
        charts.push_back({name, title, plot, plot});
    };
    bool ran = false, memory = false;  // a density sweep has no variants of its own
    for (const compare::VariantResult& v : c.variants) {
        ran = ran || v.status == compare::VariantStatus::Ok;
        memory = memory || (v.status == compare::VariantStatus::Ok && !v.memory.totalBytes.empty());
    }
    if (ran)
        add(QStringLiteral("ratios"), ComparisonCharts::tr("Relative to the host"),
            makeRatioChart(c, parent));
    if (PhaseTimelineChart* startup = makeStartupChart(c, parent))
        charts.push_back({QStringLiteral("startup"), ComparisonCharts::tr("Start-up, phase by phase"),
                          startup, startup->plot()});
    if (memory)
        add(QStringLiteral("memory"), ComparisonCharts::tr("Memory footprint"), makeMemoryChart(c, parent));
    const bool recorded = std::any_of(c.series.begin(), c.series.end(), [&](const compare::SeriesPoint& p) {
        return c.variant(p.variant) != nullptr;  // a density sweep records no variant of its own
    });
    if (recorded) {
        for (auto [name, title, figure] :
             {std::tuple{"recorded-cpu", ComparisonCharts::tr("CPU while it ran"), RecordedFigure::Cpu},
              std::tuple{"recorded-memory", ComparisonCharts::tr("Memory while it ran"),
                         RecordedFigure::Memory}}) {
            auto* chart = new RecordedChart(c, figure, parent);
            charts.push_back({QLatin1String(name), title, chart, chart, chart});
        }
    }
    if (std::any_of(c.scenario.begin(), c.scenario.end(),
                    [](const compare::ScenarioRun& r) { return r.status == compare::VariantStatus::Ok; })) {
        add(QStringLiteral("stack-memory"), ComparisonCharts::tr("The stack's memory"),
            makeStackMemoryChart(c, parent));
        add(QStringLiteral("stack-ready"), ComparisonCharts::tr("Time to all-ready"),
            makeStackReadyChart(c, parent));
        if (std::any_of(c.scenario.begin(), c.scenario.end(), [](const compare::ScenarioRun& r) {
                return r.status == compare::VariantStatus::Ok && r.load;
            })) {
            add(QStringLiteral("compose-requests"), ComparisonCharts::tr("Requests per second"),
                makeComposeLoadChart(c, ComposeLoadFigure::Requests, parent));
            add(QStringLiteral("compose-latency"), ComparisonCharts::tr("Latency"),
                makeComposeLoadChart(c, ComposeLoadFigure::Latency, parent));
        }
        for (const compare::ScenarioRun& r : c.scenario)
            if (r.status == compare::VariantStatus::Ok && (r.way.empty() || r.hogStartMs))
                add(QStringLiteral("isolation-") + QString::fromStdString(r.name()),
                    ComparisonCharts::tr("Isolation: %1").arg(figures::runName(r)),
                    makeIsolationChart(c, r, parent));
    }
    if (!c.density.empty()) {
        add(QStringLiteral("density-memory"), ComparisonCharts::tr("Density: memory"),
            makeDensityChart(c, DensityFigure::Memory, parent));
        add(QStringLiteral("density-start"), ComparisonCharts::tr("Density: start time"),
            makeDensityChart(c, DensityFigure::StartTime, parent));
    }
    return charts;
}

}  // namespace juxta::ui
