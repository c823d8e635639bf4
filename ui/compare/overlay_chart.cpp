#include "compare/overlay_chart.h"

#include <qcustomplot.h>

#include <QDateTime>
#include <QEvent>
#include <QTimer>
#include <QVBoxLayout>

#include "charts/chart_palette.h"
#include "compare/formatted_ticker.h"

namespace juxta::ui {

OverlayChart::OverlayChart(QString title, Value value, Formatter formatter, QWidget* parent)
    : QWidget(parent), title_(std::move(title)), value_(std::move(value)), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumSize(300, 190);
    plot_->setObjectName(title_);
    plot_->plotLayout()->insertRow(0);
    QFont bold = font();
    bold.setBold(true);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, title_, bold));
    auto timeTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    timeTicker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
    timeTicker->setTickCount(4);
    plot_->xAxis->setTicker(timeTicker);
    plot_->yAxis->setTicker(FormattedTicker::make(std::move(formatter), 4));
    plot_->legend->setVisible(true);
    plot_->legend->setBrush(Qt::NoBrush);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    applyPalette();
    rescale();
}

void OverlayChart::setMembers(const QList<Member>& members) {
    for (const Member& m : std::as_const(members_))
        if (m.model) disconnect(m.model, nullptr, this, nullptr);
    plot_->clearGraphs();
    graphs_.clear();
    members_ = members;
    for (int i = 0; i < members_.size(); ++i) {
        QCPGraph* g = plot_->addGraph();
        g->setName(members_[i].label);
        g->setPen(QPen(members_[i].color, 2));
        graphs_.push_back(g);
        MetricSeriesModel* model = members_[i].model;
        if (!model) continue;
        connect(model, &QAbstractItemModel::modelReset, this, [this, i] { rebuild(i); });
        connect(model, &QAbstractItemModel::rowsInserted, this,
                [this, i](const QModelIndex&, int first, int last) { append(i, first, last); });
        connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this, i, model](const QModelIndex&, int, int last) {
                    graphs_[i]->data()->removeBefore(
                        MetricSeriesModel::value(model->sampleAt(last), MetricSeriesModel::Time) + 1e-6);
                });
        rebuild(i);
    }
    applyFills();
    if (stacked_) restack();
    rescale();
}

void OverlayChart::setStacked(bool stacked) {
    stacked_ = stacked;
    applyFills();
    if (stacked_)
        restack();
    else
        for (int i = 0; i < graphs_.size(); ++i) rebuild(i);
}

void OverlayChart::applyFills() {
    for (int i = 0; i < graphs_.size(); ++i) {
        QColor fill = members_[i].color;
        fill.setAlpha(110);
        graphs_[i]->setBrush(stacked_ ? QBrush(fill) : QBrush(Qt::NoBrush));
        graphs_[i]->setChannelFillGraph(stacked_ && i > 0 ? graphs_[i - 1] : nullptr);
    }
}

double OverlayChart::drawnValueAt(int member, double key) const {
    // Members sample at their own moments: a member's first and last values hold for a few seconds
    // either side, so the members above do not dip between its points; further off it is not there
    // (started later, or stopped) and adds nothing.
    constexpr double kHoldSeconds = 5;
    if (member < 0 || member >= graphs_.size()) return 0;
    const QSharedPointer<QCPGraphDataContainer> d = graphs_[member]->data();
    if (d->isEmpty()) return 0;
    if (key < d->constBegin()->key - kHoldSeconds || key > (d->constEnd() - 1)->key + kHoldSeconds) return 0;
    auto after = d->findBegin(key, false);  // the first point at or after key
    if (after == d->constEnd()) return (after - 1)->value;
    if (after == d->constBegin() || after->key == key) return after->value;
    const auto before = after - 1;
    const double f = (key - before->key) / (after->key - before->key);
    return before->value + f * (after->value - before->value);
}

// Each member's points in the window again, from the bottom up, each raised by what is drawn below
// it then. Once for all the appends of one turn of the event loop (a sample batch brings one for
// each member): the work is the members times the window's points, not that times the members again.
void OverlayChart::scheduleRestack() {
    if (restackQueued_) return;
    restackQueued_ = true;
    QTimer::singleShot(0, this, [this] {
        restackQueued_ = false;
        restack();
        rescale();
    });
}

void OverlayChart::restack() {
    double latest = 0;
    for (const Member& m : std::as_const(members_))
        if (m.model && m.model->rowCount() > 0)
            latest = std::max(latest, MetricSeriesModel::value(m.model->sampleAt(m.model->rowCount() - 1),
                                                               MetricSeriesModel::Time));
    const double from = latest - windowSeconds_ - 10;  // a little before the window: its left edge
    for (int i = 0; i < graphs_.size(); ++i) {
        const MetricSeriesModel* model = members_[i].model;
        QVector<double> keys, values;
        int first = 0, end = model ? model->rowCount() : 0;  // the first row at or after `from`
        while (first < end) {
            const int mid = first + (end - first) / 2;
            if (MetricSeriesModel::value(model->sampleAt(mid), MetricSeriesModel::Time) < from)
                first = mid + 1;
            else
                end = mid;
        }
        for (int row = first; model && row < model->rowCount(); ++row) {
            const MetricSample& s = model->sampleAt(row);
            const double key = MetricSeriesModel::value(s, MetricSeriesModel::Time);
            keys.push_back(key);
            values.push_back(value_(s) + (i > 0 ? drawnValueAt(i - 1, key) : 0.0));
        }
        graphs_[i]->setData(keys, values, true);
    }
}

void OverlayChart::setWindowSeconds(int seconds) {
    windowSeconds_ = std::max(seconds, 10);
    if (stacked_) restack();  // only the window's points are stacked
    rescale();
}

int OverlayChart::pointCount(int member) const {
    return member >= 0 && member < graphs_.size() ? graphs_[member]->dataCount() : 0;
}

void OverlayChart::rebuild(int member) {
    if (stacked_) {
        scheduleRestack();
        return;
    }
    graphs_[member]->data()->clear();
    const MetricSeriesModel* model = members_[member].model;
    if (model && model->rowCount() > 0)
        append(member, 0, model->rowCount() - 1);
    else
        rescale();
}

void OverlayChart::append(int member, int first, int last) {
    if (stacked_) {  // a member's new point changes what the members above it stand on
        scheduleRestack();
        return;
    }
    const MetricSeriesModel* model = members_[member].model;
    QVector<double> keys, values;
    for (int row = first; row <= last; ++row) {
        const MetricSample& s = model->sampleAt(row);
        keys.push_back(MetricSeriesModel::value(s, MetricSeriesModel::Time));
        values.push_back(value_(s));
    }
    graphs_[member]->addData(keys, values, true);
    rescale();
}

void OverlayChart::rescale() {
    double latest = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    for (QCPGraph* g : std::as_const(graphs_))
        if (!g->data()->isEmpty()) latest = std::max(latest, (g->data()->constEnd() - 1)->key);
    const QCPRange window(latest - windowSeconds_, latest);
    double top = 0;
    for (QCPGraph* g : std::as_const(graphs_)) {
        bool found = false;
        const QCPRange r = g->getValueRange(found, QCP::sdBoth, window);
        if (found) top = std::max(top, r.upper);
    }
    plot_->xAxis->setRange(window);
    plot_->yAxis->setRange(0, std::max(top * 1.15, minimumSpan_));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void OverlayChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QWidget::changeEvent(event);
}

void OverlayChart::applyPalette() {
    const QColor text = applyChartPalette(plot_, palette());
    plot_->legend->setTextColor(text);
    if (auto* t = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))) t->setTextColor(text);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace juxta::ui
