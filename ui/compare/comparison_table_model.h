#pragma once
// Every figure of a comparison as a table: a row per figure (the workload's metrics, start-up,
// memory, disk, host CPU outside the workload, VM exits), a column per variant. A cell reads
// "median (min – max)" and, where there is one, the ratio to the host; its tooltip lists the raw
// samples. A variant that did not run says why in its column. A scenario (the four-service stack)
// has a column per kind of instance and rows for all-ready, memory and each service's fate; the compose
// scenario a column per way (containers, VMs, as written) and rows for readiness, memory, idle CPU, the
// load's requests/s and latency, and each service's kind, readiness, memory, CPU, disk and fate.
#include <QAbstractTableModel>
#include <QList>

#include "compare/result.h"

namespace juxta::ui {

class ComparisonTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    explicit ComparisonTableModel(QObject* parent = nullptr);

    void setComparison(const compare::Comparison& c);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  private:
    struct Cell {
        QString text;
        QString tip;
    };
    struct Row {
        QString figure;
        QList<Cell> cells;  // one per column
    };
    void addRow(const QString& figure, const std::function<Cell(const compare::VariantResult&)>& cell);
    void addScenarioRows(const compare::Comparison& c);
    void addComposeRows(const compare::Comparison& c);
    using ScenarioCell = std::function<Cell(const compare::ScenarioRun&)>;
    void addScenarioRow(const compare::Comparison& c, const QString& figure, const ScenarioCell& cell);
    void addScenarioStatus(const compare::Comparison& c);

    struct Column {
        QString name;
        QString colorKey;  // variant_palette's: "host", "container", "vm", "written"
    };
    compare::Comparison comparison_;
    QList<Column> columns_;
    QList<Row> rows_;
};

}  // namespace juxta::ui
