#pragma once
// "Compare selected": two or more running instances' live CPU, memory, disk and network on shared
// axes, a line per instance in its own colour, over a chosen time window. The charts can be shown
// in presentation mode and exported (PNG and SVG).
#include <QList>
#include <QPointer>
#include <QWidget>

#include "compare/overlay_chart.h"

class QComboBox;

namespace juxta::ui {

class OverlayWindow : public QWidget {
    Q_OBJECT
  public:
    struct Instance {
        QString id;
        QString name;
        MetricSeriesModel* model;
    };
    explicit OverlayWindow(const QList<Instance>& instances, QWidget* parent = nullptr);

    QList<OverlayChart*> charts() const { return charts_; }
    QStringList instanceIds() const;
    // Fresh charts of the same instances, e.g. for a presentation's slides.
    QList<OverlayChart*> makeCharts(QWidget* parent) const;

    void present();
    void exportCharts(const QString& directory);

  private:
    QList<Instance> instances_;
    QList<OverlayChart*> charts_;
    QComboBox* window_;
};

}  // namespace juxta::ui
