#include "charts/time_series_chart.h"

#include <qcustomplot.h>

#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "charts/chart_palette.h"

namespace juxta::ui {
namespace {

// Value-axis tick labels in the chart's own unit ("512 MiB", "1.2 MB/s", "50.0 %").
class FormattedTicker : public QCPAxisTicker {
  public:
    explicit FormattedTicker(TimeSeriesChart::Formatter f) : format_(std::move(f)) {}

  protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override { return format_(tick); }

  private:
    TimeSeriesChart::Formatter format_;
};

}  // namespace

TimeSeriesChart::TimeSeriesChart(QString title, QList<Series> series, Formatter formatter, QWidget* parent)
    : QWidget(parent),
      title_(std::move(title)),
      series_(std::move(series)),
      formatter_(std::move(formatter)),
      plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumSize(260, 170);

    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot_, title_, QFont(font().family(), font().pointSize(), QFont::Bold)));
    auto timeTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    timeTicker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
    timeTicker->setTickCount(4);
    plot_->xAxis->setTicker(timeTicker);
    auto valueTicker = QSharedPointer<FormattedTicker>::create(formatter_);
    valueTicker->setTickCount(4);
    plot_->yAxis->setTicker(valueTicker);
    plot_->legend->setBrush(Qt::NoBrush);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot_->setNoAntialiasingOnDrag(true);
    createGraphs();
    plot_->setMouseTracking(true);
    plot_->installEventFilter(this);
    plot_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(plot_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QMenu menu(this);
        menu.addAction(tr("Export data as CSV…"), this, [this] { exportData(false); });
        menu.addAction(tr("Export data as JSON…"), this, [this] { exportData(true); });
        menu.exec(plot_->mapToGlobal(at));
    });
    applyPalette();
    rescale();
}

TimeSeriesChart::Series TimeSeriesChart::column(MetricSeriesModel::Column c, QString name, QColor color) {
    return {std::move(name), std::move(color),
            [c](const MetricSample& s) { return MetricSeriesModel::value(s, c); }};
}

void TimeSeriesChart::createGraphs() {
    plot_->clearGraphs();
    graphs_.clear();
    const auto filled =
        std::count_if(series_.begin(), series_.end(), [](const Series& s) { return s.filled; });
    for (const Series& s : series_) {
        QCPGraph* g = plot_->addGraph();
        g->setName(s.name);
        g->setPen(QPen(s.color, s.width, s.style));
        if (s.filled && filled <= 2) {
            QColor fill = s.color;
            fill.setAlpha(40);
            g->setBrush(fill);
        }
        g->setAdaptiveSampling(true);
        g->removeFromLegend();  // until it has a point (showLegendOfDrawn): a limit that is not there has no
                                // entry
        graphs_.push_back(g);
    }
    plot_->legend->setVisible(false);
}

void TimeSeriesChart::showLegendOfDrawn(const QVector<double>& values, QCPGraph* g) {
    if (plot_->legend->hasItemWithPlottable(g)) return;
    if (std::none_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) return;
    // In the order of the series, whichever came first.
    g->addToLegend();
    QList<QCPAbstractLegendItem*> items;
    for (QCPGraph* graph : graphs_)
        if (auto* item = plot_->legend->itemWithPlottable(graph)) items.push_back(item);
    for (QCPAbstractLegendItem* item : items) plot_->legend->take(item);
    for (QCPAbstractLegendItem* item : items) plot_->legend->addItem(item);
    plot_->legend->setVisible(items.size() > 1);
}

void TimeSeriesChart::setSeries(QList<Series> series) {
    series_ = std::move(series);
    createGraphs();
    rebuild();
}

void TimeSeriesChart::setModel(MetricSeriesModel* model) {
    if (model_) disconnect(model_, nullptr, this, nullptr);
    model_ = model;
    if (model_) {
        connect(model_, &QAbstractItemModel::modelReset, this, &TimeSeriesChart::rebuild);
        connect(model_, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex&, int first, int last) { appendRows(first, last); });
        connect(
            model_, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex&, int, int last) {
                // Rows go from the front of the ring: drop points up to and including the last one.
                dropBefore(MetricSeriesModel::value(model_->sampleAt(last), MetricSeriesModel::Time) + 1e-6);
            });
    }
    rebuild();
}

void TimeSeriesChart::setWindowSeconds(int seconds) {
    windowSeconds_ = std::max(seconds, 10);
    if (auto ticker = plot_->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>())
        ticker->setDateTimeFormat(timeFormat());
    rescale();
}

void TimeSeriesChart::setFormatter(Formatter formatter) {
    formatter_ = std::move(formatter);
    auto valueTicker = QSharedPointer<FormattedTicker>::create(formatter_);
    valueTicker->setTickCount(4);
    plot_->yAxis->setTicker(valueTicker);
    replotIfShown();
}

void TimeSeriesChart::setFixedValueRange(double lower, double upper) {
    fixedRange_ = true;
    fixedLower_ = lower;
    fixedUpper_ = upper;
    rescale();
}

void TimeSeriesChart::setMinimumValueSpan(double span) {
    minimumSpan_ = span > 0 ? span : 1;
    rescale();
}

QString TimeSeriesChart::timeFormat() const {
    if (windowSeconds_ <= 3600) return QStringLiteral("HH:mm:ss");
    if (windowSeconds_ <= 86400) return QStringLiteral("HH:mm");
    return QStringLiteral("MM-dd\nHH:mm");
}

int TimeSeriesChart::pointCount() const {
    return graphs_.isEmpty() ? 0 : graphs_.first()->dataCount();
}

double TimeSeriesChart::firstKey() const {
    return pointCount() > 0 ? graphs_.first()->data()->constBegin()->key : 0;
}

void TimeSeriesChart::rebuild() {
    for (QCPGraph* g : graphs_) g->data()->clear(), g->removeFromLegend();
    plot_->legend->setVisible(false);
    lastKey_ = lastStep_ = 0;
    if (model_ && model_->rowCount() > 0)
        appendRows(0, model_->rowCount() - 1);
    else
        rescale();
}

void TimeSeriesChart::appendRows(int first, int last) {
    if (!model_) return;
    QVector<double> keys;
    QVector<int> rows;  // -1: a gap
    keys.reserve(last - first + 1);
    for (int row = first; row <= last; ++row) {
        const double key = MetricSeriesModel::value(model_->sampleAt(row), MetricSeriesModel::Time);
        if (lastKey_ > 0 && key - lastKey_ > std::max(5.0, 3 * lastStep_)) {
            keys.push_back(lastKey_ + std::max(1.0, lastStep_));
            rows.push_back(-1);
        }
        if (lastKey_ > 0 && key > lastKey_) lastStep_ = key - lastKey_;
        lastKey_ = std::max(lastKey_, key);
        keys.push_back(key);
        rows.push_back(row);
    }
    for (int i = 0; i < graphs_.size(); ++i) {
        QVector<double> values;
        values.reserve(rows.size());
        for (int row : rows) values.push_back(row < 0 ? qQNaN() : series_[i].value(model_->sampleAt(row)));
        graphs_[i]->addData(keys, values, true);
        showLegendOfDrawn(values, graphs_[i]);
    }
    rescale();
}

void TimeSeriesChart::dropBefore(double key) {
    for (QCPGraph* g : graphs_) g->data()->removeBefore(key);
}

void TimeSeriesChart::rescale() {
    double latest = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    if (!graphs_.isEmpty() && !graphs_.first()->data()->isEmpty())
        latest = std::max(latest, (graphs_.first()->data()->constEnd() - 1)->key);
    plot_->xAxis->setRange(latest - windowSeconds_, latest);
    if (fixedRange_) {
        plot_->yAxis->setRange(fixedLower_, fixedUpper_);
    } else {
        double top = 0;
        const QCPRange window(latest - windowSeconds_, latest);
        for (QCPGraph* g : graphs_) {
            bool found = false;
            QCPRange r = g->getValueRange(found, QCP::sdBoth, window);
            if (found) top = std::max(top, r.upper);
        }
        plot_->yAxis->setRange(0, std::max(top * 1.15, minimumSpan_));
    }
    replotIfShown();
}

void TimeSeriesChart::replotIfShown() {
    // A chart on a tab not shown is drawn when it is shown, not once a second into a buffer no one
    // sees (a fifth of the idle GUI's CPU).
    stale_ = !isVisible();
    if (!stale_) plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TimeSeriesChart::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) replotIfShown();
}

QString TimeSeriesChart::valuesTextAt(double key) const {
    QStringList lines;
    lines << QDateTime::fromMSecsSinceEpoch(qint64(key * 1000))
                 .toString(windowSeconds_ > 86400 ? QStringLiteral("MM-dd HH:mm:ss")
                                                  : QStringLiteral("HH:mm:ss"));
    for (int i = 0; i < graphs_.size(); ++i) {
        const auto data = graphs_[i]->data();
        if (data->isEmpty()) continue;
        // The point nearest the key: the first at or after it, or the one before if that is nearer.
        auto it = data->findBegin(key, false);
        if (it == data->constEnd() || (it != data->constBegin() && key - (it - 1)->key < it->key - key)) --it;
        if (std::isnan(it->value)) continue;  // a gap, or no limit
        lines << QStringLiteral("%1: %2").arg(series_[i].name, formatter_(it->value));
    }
    return lines.join(QLatin1Char('\n'));
}

bool TimeSeriesChart::eventFilter(QObject* watched, QEvent* event) {
    if (watched == plot_ && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (pointCount() > 0 && plot_->axisRect()->rect().contains(help->pos()))
            QToolTip::showText(help->globalPos(), valuesTextAt(plot_->xAxis->pixelToCoord(help->pos().x())),
                               plot_);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void TimeSeriesChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) applyPalette();
    QWidget::changeEvent(event);
}

void TimeSeriesChart::applyPalette() {
    const QColor text = applyChartPalette(plot_, palette());
    plot_->legend->setTextColor(text);
    if (auto* titleElement = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)))
        titleElement->setTextColor(text);
    replotIfShown();
}

QList<const MetricSample*> TimeSeriesChart::samplesInWindow() const {
    QList<const MetricSample*> out;
    if (!model_) return out;
    const double from = plot_->xAxis->range().lower;
    for (int row = 0; row < model_->rowCount(); ++row) {
        const MetricSample& s = model_->sampleAt(row);
        if (double(s.timeMs) / 1000 >= from) out.push_back(&s);
    }
    return out;
}

QString TimeSeriesChart::toCsv() const {
    QString out = QStringLiteral("time_ms");
    for (const Series& s : series_)
        out += QLatin1Char(',') + QString(s.name).replace(QLatin1Char(','), QLatin1Char(' '));
    out += QLatin1Char('\n');
    for (const MetricSample* s : samplesInWindow()) {
        out += QString::number(s->timeMs);
        for (const Series& series : series_) {
            const double v = series.value(*s);
            out += QLatin1Char(',') + (std::isnan(v) ? QString() : QString::number(v, 'g', 12));
        }
        out += QLatin1Char('\n');
    }
    return out;
}

QByteArray TimeSeriesChart::toJson() const {
    QJsonArray columns{QStringLiteral("time_ms")}, rows;
    for (const Series& s : series_) columns.append(s.name);
    for (const MetricSample* s : samplesInWindow()) {
        QJsonArray row{double(s->timeMs)};
        for (const Series& series : series_) {
            const double v = series.value(*s);
            row.append(std::isnan(v) ? QJsonValue() : QJsonValue(v));
        }
        rows.append(row);
    }
    return QJsonDocument(QJsonObject{{"title", title_}, {"columns", columns}, {"rows", rows}}).toJson();
}

void TimeSeriesChart::exportData(bool json) {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export data"), title_ + (json ? QStringLiteral(".json") : QStringLiteral(".csv")),
        json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (file.isEmpty()) return;
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(json ? toJson() : toCsv().toUtf8()) < 0 || !out.commit())
        QMessageBox::warning(this, tr("Export data"),
                             tr("Could not write %1: %2").arg(file, out.errorString()));
}

}  // namespace juxta::ui
