#include "charts/phase_timeline_chart.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>

#include "charts/chart_palette.h"

namespace juxta::ui {

PhaseTimelineChart::PhaseTimelineChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumHeight(160);
    plot_->xAxis->setLabel(tr("ms since the request"));
    plot_->yAxis->setRangeReversed(true);  // the first phase on top
    plot_->yAxis->grid()->setVisible(false);
    applyPalette();
}

QColor PhaseTimelineChart::phaseColor(const QString& phase) {
    // A stable colour per phase name, so the same phase looks the same in every chart.
    const uint hue = qHash(phase) % 360;
    return QColor::fromHsv(int(hue), 150, 220);
}

void PhaseTimelineChart::clear() {
    plot_->clearItems();
    rows_.clear();
    bars_ = 0;
}

void PhaseTimelineChart::addBar(int row, double startMs, double endMs, const QColor& color,
                                const QString& text) {
    auto* rect = new QCPItemRect(plot_);
    rect->topLeft->setCoords(startMs, row - 0.32);
    rect->bottomRight->setCoords(std::max(endMs, startMs + 0.001), row + 0.32);
    rect->setBrush(color);
    rect->setPen(QPen(color.darker(130)));
    rect->setClipToAxisRect(true);
    if (!text.isEmpty()) {
        auto* label = new QCPItemText(plot_);
        label->position->setCoords(endMs, row);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setPadding(QMargins(4, 0, 0, 0));
        label->setText(text);
        label->setColor(palette().color(QPalette::WindowText));
    }
    ++bars_;
}

void PhaseTimelineChart::setTimeline(const PhaseTimeline& timeline) {
    clear();
    const double origin = double(timeline.originNs());
    int row = 0;
    for (const Phase& p : timeline.phases()) {
        const QString name = QString::fromStdString(p.name);
        rows_ << name;
        addBar(row++, (double(p.startNs) - origin) / 1e6, (double(p.endNs) - origin) / 1e6, phaseColor(name),
               tr("%1 ms").arg(p.durationMs(), 0, 'f', p.durationMs() < 10 ? 2 : 1));
    }
    finish(timeline.totalMs());
}

void PhaseTimelineChart::setTimelines(const QList<Labelled>& timelines) {
    clear();
    double total = 0;
    for (int row = 0; row < timelines.size(); ++row) {
        const PhaseTimeline& t = timelines[row].timeline;
        rows_ << timelines[row].label;
        const double origin = double(t.originNs());
        const auto& phases = t.phases();
        for (std::size_t i = 0; i < phases.size(); ++i) {
            const bool last = i + 1 == phases.size();
            addBar(row, (double(phases[i].startNs) - origin) / 1e6, (double(phases[i].endNs) - origin) / 1e6,
                   phaseColor(QString::fromStdString(phases[i].name)),
                   last ? tr("%1 ms").arg(t.totalMs(), 0, 'f', 1) : QString());
        }
        total = std::max(total, t.totalMs());
    }
    finish(total);
}

void PhaseTimelineChart::finish(double totalMs) {
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < rows_.size(); ++i) ticker->addTick(i, rows_[i]);
    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setRange(-0.6, std::max<qsizetype>(rows_.size(), 1) - 0.4);
    plot_->xAxis->setRange(0, totalMs > 0 ? totalMs * 1.25 : 1.0);  // room for the duration labels
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PhaseTimelineChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QWidget::changeEvent(event);
}

void PhaseTimelineChart::applyPalette() {
    const QColor text = applyChartPalette(plot_, palette());
    plot_->yAxis->grid()->setVisible(false);
    for (int i = 0; i < plot_->itemCount(); ++i)
        if (auto* label = qobject_cast<QCPItemText*>(plot_->item(i))) label->setColor(text);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace juxta::ui
