#include "compare/bar_charts.h"

#include <qcustomplot.h>

#include <QCoreApplication>

#include "charts/chart_palette.h"
#include "charts/phase_timeline_chart.h"
#include "compare/figure_format.h"
#include "compare/formatted_ticker.h"
#include "compare/variant_palette.h"
#include "format.h"

namespace juxta::ui {
namespace {

using compare::Comparison;
using compare::VariantResult;
using compare::VariantStatus;

// The translation context of this file's texts (lupdate reads it).
struct BarCharts {
    Q_DECLARE_TR_FUNCTIONS(juxta::ui::BarCharts)
};

// One group of the ratio chart: a label and each variant's ratio (absent: no bar).
struct RatioGroup {
    QString label;
    std::map<InstanceKind, double> ratios;
};

std::optional<double> medianRatio(const compare::Stat& s, const compare::Stat* host) {
    if (s.empty() || !host || host->empty() || host->median <= 0) return std::nullopt;
    return s.median / host->median;
}

QList<RatioGroup> ratioGroups(const Comparison& c) {
    QList<RatioGroup> groups;
    const VariantResult* host = c.variant(InstanceKind::Host);
    // The workload's own metrics, in the order the first variant that ran lists them.
    std::vector<std::string> names;
    for (const VariantResult& v : c.variants)
        for (const compare::Metric& m : v.metrics)
            if (std::find(names.begin(), names.end(), m.name) == names.end()) names.push_back(m.name);
    for (const std::string& name : names) {
        RatioGroup g;
        for (const VariantResult& v : c.variants) {
            const compare::Metric* m = v.metric(name);
            if (v.status != VariantStatus::Ok || !m) continue;
            if (!g.label.size())
                g.label = figures::metricName(name) +
                          (m->higherIsBetter ? QStringLiteral(" ↑") : QStringLiteral(" ↓"));
            if (m->ratioToHost) g.ratios[v.kind] = *m->ratioToHost;
        }
        if (!g.ratios.empty()) groups << g;
    }
    const auto add = [&](const QString& label, auto stat) {
        RatioGroup g{label, {}};
        for (const VariantResult& v : c.variants)
            if (v.status == VariantStatus::Ok)
                if (auto r = medianRatio(stat(v), host ? &stat(*host) : nullptr)) g.ratios[v.kind] = *r;
        if (!g.ratios.empty()) groups << g;
    };
    add(BarCharts::tr("start-up ↓"),
        [](const VariantResult& v) -> const compare::Stat& { return v.startup.toWorkloadMs; });
    add(BarCharts::tr("memory ↓"),
        [](const VariantResult& v) -> const compare::Stat& { return v.memory.totalBytes; });
    return groups;
}

}  // namespace

void labelTop(QCustomPlot* plot, double key, double value, const QString& text) {
    auto* label = new QCPItemText(plot);
    label->position->setCoords(key, value);
    label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    label->setText(text);
    label->setClipToAxisRect(false);
}

QCustomPlot* newComparisonPlot(QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumSize(360, 240);
    plot->legend->setVisible(true);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->xAxis->grid()->setVisible(false);
    return plot;
}

QCustomPlot* makeRatioChart(const Comparison& c, QWidget* parent) {
    QCustomPlot* plot = newComparisonPlot(parent);
    const QList<RatioGroup> groups = ratioGroups(c);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < groups.size(); ++i) ticker->addTick(i + 1, groups[i].label);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(0.4, groups.size() + 0.6);
    plot->yAxis->setTicker(FormattedTicker::make(figures::ratio));
    plot->yAxis->setLabel(BarCharts::tr("ratio to the host (1.00×)"));

    std::vector<InstanceKind> kinds;
    for (const VariantResult& v : c.variants)
        if (v.status == VariantStatus::Ok) kinds.push_back(v.kind);
    const double width = 0.8 / std::max<std::size_t>(kinds.size(), 1);
    double top = 1.0;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(figures::variantName(kinds[k]));
        const QColor color = variantColor(QString::fromStdString(juxta::toString(kinds[k])));
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        bars->setWidth(width * 0.92);
        for (int i = 0; i < groups.size(); ++i) {
            const auto it = groups[i].ratios.find(kinds[k]);
            if (it == groups[i].ratios.end()) continue;
            const double key = i + 1 - 0.4 + width * (double(k) + 0.5);
            bars->addData(key, it->second);
            labelTop(plot, key, it->second, figures::ratio(it->second));
            top = std::max(top, it->second);
        }
    }
    auto* baseline = new QCPItemStraightLine(plot);
    baseline->point1->setCoords(0, 1);
    baseline->point2->setCoords(1, 1);
    baseline->setPen(QPen(variantColor(QStringLiteral("host")), 1.5, Qt::DashLine));
    plot->yAxis->setRange(0, top * 1.2);
    finishComparisonChart(plot, BarCharts::tr("Relative to the host process"), c);
    return plot;
}

QCustomPlot* makeMemoryChart(const Comparison& c, QWidget* parent) {
    QCustomPlot* plot = newComparisonPlot(parent);
    std::vector<const VariantResult*> shown;
    for (const VariantResult& v : c.variants)
        if (v.status == VariantStatus::Ok && !v.memory.totalBytes.empty()) shown.push_back(&v);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t i = 0; i < shown.size(); ++i)
        ticker->addTick(double(i + 1), figures::variantName(shown[i]->kind));
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(0.4, double(shown.size()) + 0.6);
    plot->yAxis->setTicker(FormattedTicker::make(human::bytes));
    plot->yAxis->setLabel(BarCharts::tr("memory on the host"));

    // Parts by name across variants, so "workload" is one colour in every bar.
    std::vector<std::string> parts;
    for (const VariantResult* v : shown)
        for (const compare::MemoryPart& p : v->memory.parts)
            if (std::find(parts.begin(), parts.end(), p.name) == parts.end()) parts.push_back(p.name);
    const bool unsplit = parts.empty();
    if (unsplit) parts.push_back("total");
    QCPBars* below = nullptr;
    double top = 1;
    for (const std::string& part : parts) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(unsplit ? BarCharts::tr("total") : QString::fromStdString(part));
        const QColor color = PhaseTimelineChart::phaseColor(QString::fromStdString(part));
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        bars->setWidth(0.5);
        for (std::size_t i = 0; i < shown.size(); ++i) {
            double bytes = unsplit ? shown[i]->memory.totalBytes.median : 0;
            for (const compare::MemoryPart& p : shown[i]->memory.parts)
                if (p.name == part) bytes = p.bytes;
            bars->addData(double(i + 1), bytes);
        }
        if (below) bars->moveAbove(below);
        below = bars;
    }
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const double total = shown[i]->memory.totalBytes.median;
        QString text = human::bytes(total);
        if (shown[i]->memory.overheadBytes && shown[i]->kind != InstanceKind::Host)
            text += QStringLiteral("\n") +
                    BarCharts::tr("+%1 over the host").arg(human::bytes(*shown[i]->memory.overheadBytes));
        labelTop(plot, double(i + 1), total, text);
        top = std::max(top, total);
    }
    plot->yAxis->setRange(0, top * 1.3);
    finishComparisonChart(plot, BarCharts::tr("Memory footprint and its parts"), c);
    return plot;
}

void finishComparisonChart(QCustomPlot* plot, const QString& title, const Comparison& c) {
    const QColor text =
        applyChartPalette(plot, plot->parentWidget() ? plot->parentWidget()->palette() : plot->palette());
    plot->legend->setTextColor(text);
    QFont bold = plot->font();
    bold.setBold(true);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, bold));
    qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0))->setTextColor(text);
    QStringList missing;
    const auto note = [&](const QString& name, VariantStatus status, const std::string& reason) {
        if (status != VariantStatus::Ok)
            missing << BarCharts::tr("%1: %2 — %3")
                           .arg(name,
                                status == VariantStatus::Unavailable ? BarCharts::tr("unavailable")
                                                                     : BarCharts::tr("failed"),
                                // its first clause: the whole reason is in the table
                                QString::fromStdString(reason.substr(0, reason.find(" — "))));
    };
    for (const VariantResult& v : c.variants) note(figures::variantName(v.kind), v.status, v.reason);
    for (const compare::ScenarioRun& r : c.scenario) note(figures::runName(r), r.status, r.reason);
    if (!missing.isEmpty()) {
        auto* note = new QCPTextElement(plot, missing.join(QLatin1Char('\n')));
        note->setTextColor(text);
        plot->plotLayout()->addElement(plot->plotLayout()->rowCount(), 0, note);
    }
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* label = qobject_cast<QCPItemText*>(plot->item(i))) label->setColor(text);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace juxta::ui
