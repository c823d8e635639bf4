#include "compare/scenario_charts.h"

#include <qcustomplot.h>

#include <QCoreApplication>

#include "charts/phase_timeline_chart.h"
#include "compare/bar_charts.h"
#include "compare/figure_format.h"
#include "compare/formatted_ticker.h"
#include "compare/variant_palette.h"
#include "format.h"

namespace juxta::ui {
namespace {

using compare::ScenarioRun;
using compare::ServiceResult;

// The translation context of this file's texts (lupdate reads it).
struct ScenarioCharts {
    Q_DECLARE_TR_FUNCTIONS(juxta::ui::ScenarioCharts)
};

std::vector<const ScenarioRun*> ran(const compare::Comparison& c) {
    std::vector<const ScenarioRun*> out;
    for (const ScenarioRun& r : c.scenario)
        if (r.status == compare::VariantStatus::Ok) out.push_back(&r);
    return out;
}

// A tick per kind that ran, in its order.
void kindTicks(QCustomPlot* plot, const std::vector<const ScenarioRun*>& runs) {
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t i = 0; i < runs.size(); ++i) ticker->addTick(double(i + 1), figures::runName(*runs[i]));
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(0.4, double(runs.size()) + 0.6);
}

bool isCompose(const compare::Comparison& c) {
    return c.manifest.workload == "compose";
}

QColor serviceColor(const std::string& service) {
    return PhaseTimelineChart::phaseColor(QString::fromStdString(service));
}

void markMoment(QCustomPlot* plot, double xSeconds, const QString& text, double yFraction) {
    auto* line = new QCPItemStraightLine(plot);
    line->point1->setCoords(xSeconds, 0);
    line->point2->setCoords(xSeconds, 1);
    line->setPen(QPen(QColor(200, 40, 40), 1.5, Qt::DashLine));
    auto* label = new QCPItemText(plot);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(xSeconds, yFraction);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setPadding(QMargins(4, 0, 0, 0));
    label->setText(text);
}

}  // namespace

QCustomPlot* makeStackMemoryChart(const compare::Comparison& c, QWidget* parent) {
    QCustomPlot* plot = newComparisonPlot(parent);
    const auto runs = ran(c);
    kindTicks(plot, runs);
    plot->yAxis->setTicker(FormattedTicker::make(human::bytes));
    plot->yAxis->setLabel(ScenarioCharts::tr("memory on the host"));
    std::vector<std::string> services;
    for (const ScenarioRun* r : runs)
        for (const ServiceResult& s : r->services)
            if (std::find(services.begin(), services.end(), s.name) == services.end())
                services.push_back(s.name);
    QCPBars* below = nullptr;
    for (const std::string& name : services) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(QString::fromStdString(name));
        bars->setBrush(serviceColor(name));
        bars->setPen(QPen(serviceColor(name).darker(130)));
        bars->setWidth(0.5);
        for (std::size_t i = 0; i < runs.size(); ++i)
            if (const ServiceResult* s = runs[i]->service(name)) bars->addData(double(i + 1), s->memoryBytes);
        if (below) bars->moveAbove(below);
        below = bars;
    }
    double top = 1;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        double stacked = 0;
        for (const ServiceResult& s : runs[i]->services) stacked += s.memoryBytes;
        labelTop(plot, double(i + 1), stacked,
                 ScenarioCharts::tr("%1 together").arg(human::bytes(runs[i]->totalMemoryBytes)));
        top = std::max(top, stacked);
    }
    plot->yAxis->setRange(0, top * 1.25);
    finishComparisonChart(plot,
                          isCompose(c) ? ScenarioCharts::tr("Memory on the host, by service")
                                       : ScenarioCharts::tr("Memory of the four services, by service"),
                          c);
    return plot;
}

QCustomPlot* makeStackReadyChart(const compare::Comparison& c, QWidget* parent) {
    QCustomPlot* plot = newComparisonPlot(parent);
    const auto runs = ran(c);
    kindTicks(plot, runs);
    plot->yAxis->setTicker(FormattedTicker::make([](double ms) { return figures::value(ms, "ms"); }));
    plot->yAxis->setLabel(isCompose(c) ? ScenarioCharts::tr("from up until every service is ready (healthy)")
                                       : ScenarioCharts::tr("from the first start until all four are ready"));
    double top = 1;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(figures::runName(*runs[i]));
        const QColor color = variantColor(QString::fromStdString(runs[i]->name()));
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        bars->setWidth(0.5);
        bars->addData(double(i + 1), runs[i]->allReadyMs);
        labelTop(plot, double(i + 1), runs[i]->allReadyMs, figures::value(runs[i]->allReadyMs, "ms"));
        top = std::max(top, runs[i]->allReadyMs);
    }
    plot->yAxis->setRange(0, top * 1.25);
    finishComparisonChart(plot,
                          isCompose(c) ? ScenarioCharts::tr("Time until every service is ready")
                                       : ScenarioCharts::tr("Time until all four are ready"),
                          c);
    return plot;
}

QCustomPlot* makeIsolationChart(const compare::Comparison& c, const ScenarioRun& run, QWidget* parent) {
    QCustomPlot* plot = newComparisonPlot(parent);
    plot->xAxis->grid()->setVisible(true);
    plot->xAxis->setLabel(ScenarioCharts::tr("seconds from the first start"));
    plot->yAxis->setTicker(FormattedTicker::make(figures::ratio));
    plot->yAxis->setLabel(isCompose(c) ? ScenarioCharts::tr("requests/s relative to before the hog")
                                       : ScenarioCharts::tr("ops/s relative to before the hog"));
    double right = 1, top = 1.2;
    for (const ServiceResult& s : run.services) {
        if (s.opsPerS.empty()) continue;
        // Each service against its own pace before the hog, so all four share one axis.
        const double base = s.opsPerSBefore.value_or(s.opsPerS.front().second);
        if (base <= 0) continue;
        auto* graph = plot->addGraph();
        graph->setName(s.hog ? ScenarioCharts::tr("%1 (the hog)").arg(QString::fromStdString(s.name))
                             : QString::fromStdString(s.name));
        graph->setPen(QPen(serviceColor(s.name), s.hog ? 1.5 : 2.5, s.hog ? Qt::DotLine : Qt::SolidLine));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        for (const auto& [t, v] : s.opsPerS) {
            graph->addData(t / 1000, v / base);
            right = std::max(right, t / 1000);
            top = std::max(top, v / base);
        }
    }
    const QString hogName = QString::fromStdString(run.hog.empty() ? std::string("cache") : run.hog);
    if (run.hogStartMs)
        markMoment(plot, *run.hogStartMs / 1000,
                   ScenarioCharts::tr("%1 starts to exhaust its memory").arg(hogName), 0.02);
    if (run.hogEndMs) {
        const ServiceResult* hog = nullptr;
        for (const ServiceResult& s : run.services)
            if (s.hog) hog = &s;
        markMoment(plot, *run.hogEndMs / 1000,
                   hog && hog->oomKilled ? ScenarioCharts::tr("OOM-killed") : ScenarioCharts::tr("it ended"),
                   0.12);
    }
    plot->xAxis->setRange(0, right * 1.05);
    plot->yAxis->setRange(0, top * 1.15);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    finishComparisonChart(
        plot,
        isCompose(c)
            ? ScenarioCharts::tr("Isolation: %1 — %2 under load while %3 exhausts its memory")
                  .arg(figures::runName(run),
                       QString::fromStdString(run.loadTarget.substr(0, run.loadTarget.find(':'))), hogName)
            : ScenarioCharts::tr("Isolation: %1 — the others while the cache exhausts its memory")
                  .arg(figures::variantName(run.kind)),
        c);
    return plot;
}

QCustomPlot* makeComposeLoadChart(const compare::Comparison& c, ComposeLoadFigure figure, QWidget* parent) {
    QCustomPlot* plot = newComparisonPlot(parent);
    std::vector<const ScenarioRun*> runs;
    for (const ScenarioRun* r : ran(c))
        if (r->load) runs.push_back(r);
    kindTicks(plot, runs);
    const bool latency = figure == ComposeLoadFigure::Latency;
    const std::string unit = latency ? "ms" : "req/s";
    plot->yAxis->setTicker(FormattedTicker::make([unit](double v) { return figures::value(v, unit); }));
    plot->yAxis->setLabel(latency ? ScenarioCharts::tr("latency of one request")
                                  : ScenarioCharts::tr("answers per second"));
    QString hog, target;
    for (const ScenarioRun* r : runs) {
        if (hog.isEmpty()) hog = QString::fromStdString(r->hog);
        if (target.isEmpty())
            target = QString::fromStdString(r->loadTarget.substr(0, r->loadTarget.find(':')));
    }
    using Pick = std::function<std::optional<double>(const ScenarioRun&)>;
    const auto field = [latency](std::optional<compare::LoadFigures> compare::ScenarioRun::*phase,
                                 bool p99) -> Pick {
        return [=](const ScenarioRun& r) -> std::optional<double> {
            const auto& l = r.*phase;
            if (!l) return std::nullopt;
            if (latency && l->requests == 0) return std::nullopt;  // no answer has no latency
            return !latency ? l->requestsPerS : p99 ? l->p99Ms : l->p50Ms;
        };
    };
    std::vector<std::tuple<QString, QColor, Pick>> sets;
    if (latency) {
        sets = {{ScenarioCharts::tr("p50, idle"), variantColor(5), field(&ScenarioRun::load, false)},
                {ScenarioCharts::tr("p99, idle"), variantColor(3), field(&ScenarioRun::load, true)}};
        if (!hog.isEmpty())
            sets.push_back({ScenarioCharts::tr("p99 while %1 exhausts its memory").arg(hog), variantColor(4),
                            field(&ScenarioRun::loadDuringHog, true)});
    } else {
        sets = {{ScenarioCharts::tr("idle"), variantColor(5), field(&ScenarioRun::load, false)}};
        if (!hog.isEmpty()) {
            sets.push_back({ScenarioCharts::tr("while %1 exhausts its memory").arg(hog), variantColor(4),
                            field(&ScenarioRun::loadDuringHog, false)});
            sets.push_back(
                {ScenarioCharts::tr("after"), variantColor(7), field(&ScenarioRun::loadAfterHog, false)});
        }
    }
    auto* group = new QCPBarsGroup(plot);
    const double width = 0.7 / double(sets.size());
    double top = 1;
    for (const auto& [name, color, pick] : sets) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(name);
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        bars->setWidth(width);
        bars->setBarsGroup(group);
        for (std::size_t i = 0; i < runs.size(); ++i)
            if (auto v = pick(*runs[i])) {
                bars->addData(double(i + 1), *v);
                top = std::max(top, *v);
            }
    }
    // The idle figure of each way on top of its group ("no answer" where web answered nothing).
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (runs[i]->load->requests == 0)
            labelTop(plot, double(i + 1), top * 1.02, ScenarioCharts::tr("no answer"));
        else if (auto v = std::get<2>(sets.front())(*runs[i]))
            labelTop(plot, double(i + 1), top * 1.02, figures::value(*v, unit));
    }
    plot->yAxis->setRange(0, top * 1.3);
    finishComparisonChart(plot,
                          latency ? ScenarioCharts::tr("Latency on %1, p50 and p99").arg(target)
                                  : ScenarioCharts::tr("Requests per second on %1").arg(target),
                          c);
    return plot;
}

}  // namespace juxta::ui
