#pragma once
// One metric of several instances on shared axes: a line per instance (or stacked areas), each
// following its own MetricSeriesModel live (appends, front removals, resets), over the last
// windowSeconds. The time
// axis is wall-clock time, which every instance's samples share, so the lines line up.
#include <QList>
#include <QPointer>
#include <QWidget>
#include <functional>

#include "models/metric_series_model.h"

class QCustomPlot;
class QCPGraph;

namespace juxta::ui {

class OverlayChart : public QWidget {
    Q_OBJECT
  public:
    using Value = std::function<double(const MetricSample&)>;
    using Formatter = std::function<QString(double)>;
    struct Member {
        QString label;
        QPointer<MetricSeriesModel> model;
        QColor color;
    };

    OverlayChart(QString title, Value value, Formatter formatter, QWidget* parent = nullptr);

    void setMembers(const QList<Member>& members);
    void setWindowSeconds(int seconds);
    void setMinimumValueSpan(double span) { minimumSpan_ = span; }
    // Stacked: each member's area drawn on top of the one before (a compose project's memory by
    // service: the top line is their sum). Members sample at their own times: what is below a
    // point is the member below, interpolated at that time.
    void setStacked(bool stacked);
    // The value drawn for member `member` at `key` (seconds): its own, plus those below when stacked.
    double drawnValueAt(int member, double key) const;

    const QString& title() const { return title_; }
    int memberCount() const { return int(members_.size()); }
    int pointCount(int member) const;
    QCustomPlot* plot() const { return plot_; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void rebuild(int member);
    void append(int member, int first, int last);
    void rescale();
    void applyPalette();
    void applyFills();
    void restack();
    void scheduleRestack();

    QString title_;
    Value value_;
    QCustomPlot* plot_;
    QList<Member> members_;
    QList<QCPGraph*> graphs_;
    int windowSeconds_ = 60;
    double minimumSpan_ = 1;
    bool stacked_ = false;
    bool restackQueued_ = false;
};

}  // namespace juxta::ui
