#pragma once
// A live line chart of some columns of a MetricSeriesModel, drawn with QCustomPlot. It follows the
// model incrementally (appends and front removals), shows the last windowSeconds, formats the value
// axis with a unit formatter, shows every series' value at the pointer in a tooltip, and takes its
// colours from the palette so it reads in light and dark themes.
#include <QPointer>
#include <QWidget>
#include <functional>

#include "models/metric_series_model.h"

class QCustomPlot;
class QCPGraph;

namespace juxta::ui {

class TimeSeriesChart : public QWidget {
    Q_OBJECT
  public:
    using Formatter = std::function<QString(double)>;
    struct Series {
        QString name;
        QColor color;
        std::function<double(const MetricSample&)> value;
        qreal width = 1.6;
        bool filled = true;  // area under the line, when the chart has at most two filled series
        Qt::PenStyle style = Qt::SolidLine;
    };
    // A series of one column of the model.
    static Series column(MetricSeriesModel::Column c, QString name, QColor color);

    TimeSeriesChart(QString title, QList<Series> series, Formatter formatter, QWidget* parent = nullptr);

    void setModel(MetricSeriesModel* model);
    void setSeries(QList<Series> series);  // replaces the lines and redraws them from the model
    int seriesCount() const { return int(series_.size()); }
    void setWindowSeconds(int seconds);
    void setFixedValueRange(double lower, double upper);  // e.g. 0..100 for percentages
    void setFormatter(Formatter formatter);               // of the value axis and the tooltip
    void setMinimumValueSpan(double span);                // an idle chart shows 0..span, not 0..1 byte

    // For tests and the tooltip: the number of points in the first series, and the text at a key.
    int pointCount() const;
    double firstKey() const;  // the oldest point's time (s since the epoch); 0 when there is none
    QString valuesTextAt(double key) const;
    QCustomPlot* plot() const { return plot_; }

    // The points in the time window, as a file to take elsewhere (the chart's context menu, "Export
    // data as CSV/JSON…"): CSV with a time_ms column and one column a series, or a JSON object with
    // the chart's title, its series' names and the rows.
    QString toCsv() const;
    QByteArray toJson() const;

  protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void showLegendOfDrawn(const QVector<double>& values, QCPGraph* g);
    void rebuild();
    void createGraphs();
    void appendRows(int first, int last);
    void dropBefore(double key);
    void rescale();
    void replotIfShown();
    void applyPalette();
    QList<const MetricSample*> samplesInWindow() const;
    void exportData(bool json);

    QString title_;
    QList<Series> series_;
    Formatter formatter_;
    QCustomPlot* plot_;
    QList<QCPGraph*> graphs_;
    QPointer<MetricSeriesModel> model_;
    int windowSeconds_ = 60;
    bool stale_ = false;  // changed while not shown: replotted when shown
    // The last key drawn and the step before it: a pause longer than a few steps (the instance was
    // stopped, nothing recorded) is drawn as a gap, not as a line across it.
    double lastKey_ = 0, lastStep_ = 0;
    QString timeFormat() const;
    bool fixedRange_ = false;
    double fixedLower_ = 0, fixedUpper_ = 0;
    double minimumSpan_ = 1;
};

}  // namespace juxta::ui
