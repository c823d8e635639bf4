#include "compare/comparison_table_model.h"

#include <QBrush>
#include <QLocale>

#include "compare/figure_format.h"
#include "compare/variant_palette.h"
#include "format.h"

namespace juxta::ui {
namespace {

using compare::Stat;
using compare::VariantResult;

QString samplesTip(const Stat& s, const std::string& unit) {
    QStringList values;
    for (double v : s.samples) values << figures::value(v, unit);
    return values.isEmpty() ? QString()
                            : ComparisonTableModel::tr("Repeats: %1").arg(values.join(QStringLiteral(", ")));
}

}  // namespace

ComparisonTableModel::ComparisonTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComparisonTableModel::addRow(const QString& figure,
                                  const std::function<Cell(const VariantResult&)>& cell) {
    Row row{figure, {}};
    bool any = false;
    for (const VariantResult& v : comparison_.variants) {
        Cell c = v.status == compare::VariantStatus::Ok ? cell(v) : Cell{};
        any = any || !c.text.isEmpty();
        if (c.text.isEmpty()) c.text = QStringLiteral("—");
        row.cells << c;
    }
    if (any) rows_ << row;
}

void ComparisonTableModel::addScenarioRow(const compare::Comparison& c, const QString& figure,
                                          const ScenarioCell& cell) {
    Row r{figure, {}};
    for (const compare::ScenarioRun& run : c.scenario) {
        Cell x = run.status == compare::VariantStatus::Ok ? cell(run) : Cell{};
        if (x.text.isEmpty()) x.text = QStringLiteral("—");
        r.cells << x;
    }
    rows_ << r;
}

void ComparisonTableModel::addScenarioStatus(const compare::Comparison& c) {
    addScenarioRow(c, tr("Status"), [](const compare::ScenarioRun&) { return Cell{tr("ran"), {}}; });
    for (std::size_t i = 0; i < c.scenario.size(); ++i) {
        const compare::ScenarioRun& run = c.scenario[i];
        if (run.status != compare::VariantStatus::Ok)
            rows_.last().cells[qsizetype(i)] = {
                // its first clause; the whole reason in the tooltip
                (run.status == compare::VariantStatus::Unavailable ? tr("unavailable: %1") : tr("failed: %1"))
                    .arg(QString::fromStdString(run.reason.substr(0, run.reason.find(" — ")))),
                QString::fromStdString(run.reason)};
    }
}

void ComparisonTableModel::addComposeRows(const compare::Comparison& c) {
    const auto row = [&](const QString& figure, const ScenarioCell& cell) {
        addScenarioRow(c, figure, cell);
    };
    addScenarioStatus(c);
    row(tr("Time until every service is ready"), [](const compare::ScenarioRun& r) {
        return Cell{figures::value(r.allReadyMs, "ms"), {}};
    });
    row(tr("Memory of the whole stack"), [](const compare::ScenarioRun& r) {
        return Cell{human::bytes(r.totalMemoryBytes), {}};
    });
    row(tr("CPU of the whole stack, idle"), [](const compare::ScenarioRun& r) {
        return r.idleCpuPercent ? Cell{figures::value(*r.idleCpuPercent, "%"), {}} : Cell{};
    });
    QString target, hog;
    for (const compare::ScenarioRun& r : c.scenario) {
        if (target.isEmpty() && !r.loadTarget.empty())
            target = QString::fromStdString(r.loadTarget.substr(0, r.loadTarget.find(':')));
        if (hog.isEmpty() && !r.hog.empty()) hog = QString::fromStdString(r.hog);
    }
    const auto load = [](const std::optional<compare::LoadFigures>& l, bool latency) {
        if (!l) return Cell{};
        const QString tip = tr("%1 requests on %2 connections in %3, %4 errors")
                                .arg(l->requests)
                                .arg(l->connections)
                                .arg(figures::value(l->seconds * 1000, "ms"))
                                .arg(l->errors);
        if (l->requests == 0) return Cell{tr("no answer"), tip};
        return latency ? Cell{figures::value(l->p50Ms, "ms") + QStringLiteral(" / ") +
                                  figures::value(l->p99Ms, "ms"),
                              tip}
                       : Cell{figures::value(l->requestsPerS, "req/s"), tip};
    };
    if (!target.isEmpty()) {
        row(tr("%1: requests/s").arg(target),
            [&](const compare::ScenarioRun& r) { return load(r.load, false); });
        row(tr("%1: latency p50 / p99").arg(target),
            [&](const compare::ScenarioRun& r) { return load(r.load, true); });
    }
    if (!hog.isEmpty()) {
        row(tr("%1: requests/s while %2 exhausts its memory").arg(target, hog),
            [&](const compare::ScenarioRun& r) { return load(r.loadDuringHog, false); });
        row(tr("%1: latency p50 / p99 while %2 exhausts its memory").arg(target, hog),
            [&](const compare::ScenarioRun& r) { return load(r.loadDuringHog, true); });
        row(tr("%1: requests/s after").arg(target),
            [&](const compare::ScenarioRun& r) { return load(r.loadAfterHog, false); });
    }
    std::vector<std::string> names;
    for (const compare::ScenarioRun& r : c.scenario)
        for (const compare::ServiceResult& s : r.services)
            if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
    for (const std::string& name : names) {
        const QString service = QString::fromStdString(name);
        const auto of = [name](const compare::ScenarioRun& r) { return r.service(name); };
        row(tr("%1: runs as").arg(service), [&](const compare::ScenarioRun& r) {
            return of(r) ? Cell{of(r)->kind == "vm" ? figures::variantName(InstanceKind::Vm)
                                                    : figures::variantName(InstanceKind::Container),
                                {}}
                         : Cell{};
        });
        row(tr("%1: ready").arg(service), [&](const compare::ScenarioRun& r) {
            return of(r) ? Cell{figures::value(of(r)->readyMs, "ms"), {}} : Cell{};
        });
        row(tr("%1: memory").arg(service), [&](const compare::ScenarioRun& r) {
            const compare::ServiceResult* s = of(r);
            if (!s) return Cell{};
            return Cell{human::bytes(s->memoryBytes),
                        s->kind == "vm"
                            ? tr("juxta-vmm (the guest's memory, its kernel's included) and its monitor")
                            : tr("the container's cgroup and its monitor")};
        });
        row(tr("%1: CPU, idle").arg(service), [&](const compare::ScenarioRun& r) {
            const compare::ServiceResult* s = of(r);
            return s && s->idleCpuPercent ? Cell{figures::value(*s->idleCpuPercent, "%"), {}} : Cell{};
        });
        row(tr("%1: disk, own / shared").arg(service), [&](const compare::ScenarioRun& r) {
            const compare::ServiceResult* s = of(r);
            if (!s || !s->diskUniqueBytes) return Cell{};
            return Cell{human::bytes(*s->diskUniqueBytes) + QStringLiteral(" / ") +
                            human::bytes(s->diskSharedBytes.value_or(0)),
                        s->kind == "vm" ? tr("its own disk (allocated) / the image's disk, shared by its VMs")
                                        : tr("its writable layer / the image's layers, shared")};
        });
        row(tr("%1: how it ended").arg(service), [&](const compare::ScenarioRun& r) {
            const compare::ServiceResult* s = of(r);
            return s ? Cell{figures::composeServiceEnd(s->end), QString::fromStdString(s->end)} : Cell{};
        });
    }
}

void ComparisonTableModel::addScenarioRows(const compare::Comparison& c) {
    const auto row = [&](const QString& figure, const ScenarioCell& cell) {
        addScenarioRow(c, figure, cell);
    };
    addScenarioStatus(c);
    row(tr("Time to all-ready"), [](const compare::ScenarioRun& r) {
        return Cell{figures::value(r.allReadyMs, "ms"), {}};
    });
    row(tr("Memory of all four"), [](const compare::ScenarioRun& r) {
        return Cell{human::bytes(r.totalMemoryBytes), {}};
    });
    std::vector<std::string> names;
    for (const compare::ScenarioRun& r : c.scenario)
        for (const compare::ServiceResult& s : r.services)
            if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
    const auto ops = [](const std::optional<double>& v) {
        return v ? figures::value(*v, "ops/s") : QStringLiteral("—");
    };
    for (const std::string& name : names) {
        const QString service = QString::fromStdString(name);
        const auto of = [name](const compare::ScenarioRun& r) { return r.service(name); };
        row(tr("%1: ready").arg(service), [&](const compare::ScenarioRun& r) {
            return of(r) ? Cell{figures::value(of(r)->readyMs, "ms"), {}} : Cell{};
        });
        row(tr("%1: memory").arg(service), [&](const compare::ScenarioRun& r) {
            return of(r) ? Cell{human::bytes(of(r)->memoryBytes), {}} : Cell{};
        });
        row(tr("%1: ops/s before → after the hog").arg(service), [&](const compare::ScenarioRun& r) {
            const compare::ServiceResult* s = of(r);
            if (!s) return Cell{};
            return Cell{s->hog ? ops(s->opsPerSBefore)
                               : ops(s->opsPerSBefore) + QStringLiteral(" → ") + ops(s->opsPerSAfter),
                        {}};
        });
        row(tr("%1: how it ended").arg(service), [&](const compare::ScenarioRun& r) {
            const compare::ServiceResult* s = of(r);
            if (!s) return Cell{};
            return Cell{s->completed ? tr("served its whole time") : figures::howItEnded(s->end),
                        QString::fromStdString(s->end)};
        });
    }
}

void ComparisonTableModel::setComparison(const compare::Comparison& c) {
    beginResetModel();
    comparison_ = c;
    rows_.clear();
    columns_.clear();
    if (!c.scenario.empty()) {
        for (const compare::ScenarioRun& r : c.scenario)
            columns_ << Column{figures::runName(r), QString::fromStdString(r.name())};
        if (c.scenario.front().way.empty())
            addScenarioRows(c);
        else
            addComposeRows(c);
        endResetModel();
        return;
    }
    for (const VariantResult& v : c.variants)
        columns_ << Column{figures::variantName(v.kind), QString::fromStdString(juxta::toString(v.kind))};
    const auto statCell = [](const Stat& s, const std::string& unit, std::optional<double> ratio = {}) {
        if (s.empty()) return Cell{};
        QString text = figures::spread(s, unit);
        if (ratio) text += QStringLiteral("  ·  ") + figures::ratio(*ratio);
        return Cell{text, samplesTip(s, unit)};
    };
    // Status first: a variant that did not run says why.
    Row status{tr("Status"), {}};
    for (const VariantResult& v : c.variants)
        status.cells << Cell{v.status == compare::VariantStatus::Ok ? tr("ran")
                             : v.status == compare::VariantStatus::Unavailable
                                 ? tr("unavailable: %1").arg(QString::fromStdString(v.reason))
                                 : tr("failed: %1").arg(QString::fromStdString(v.reason)),
                             QString::fromStdString(v.reason)};
    rows_ << status;

    std::vector<std::pair<std::string, std::string>> metrics;  // name, unit, in first-seen order
    for (const VariantResult& v : c.variants)
        for (const compare::Metric& m : v.metrics)
            if (std::find_if(metrics.begin(), metrics.end(), [&](auto& p) { return p.first == m.name; }) ==
                metrics.end())
                metrics.emplace_back(m.name, m.unit);
    for (const auto& [name, unit] : metrics)
        addRow(figures::metricName(name), [&, name = name, unit = unit](const VariantResult& v) {
            const compare::Metric* m = v.metric(name);
            return m ? statCell(m->stat, unit, m->ratioToHost) : Cell{};
        });
    addRow(tr("Start-up to the workload"),
           [&](const VariantResult& v) { return statCell(v.startup.toWorkloadMs, "ms"); });
    addRow(tr("Start and tear down"),
           [&](const VariantResult& v) { return statCell(v.startup.cycleMs, "ms"); });
    addRow(tr("Memory on the host"), [&](const VariantResult& v) {
        Cell cell = statCell(v.memory.totalBytes, "B");
        if (!v.memory.method.empty())
            cell.tip += QStringLiteral("\n") + QString::fromStdString(v.memory.method);
        return cell;
    });
    addRow(tr("Memory over the host process"), [](const VariantResult& v) {
        return v.memory.overheadBytes ? Cell{human::bytes(*v.memory.overheadBytes), {}} : Cell{};
    });
    addRow(tr("Disk unique to it"), [](const VariantResult& v) {
        return v.disk.uniqueBytes > 0 || v.disk.sharedBytes > 0
                   ? Cell{human::bytes(v.disk.uniqueBytes), QString::fromStdString(v.disk.detail)}
                   : Cell{};
    });
    addRow(tr("Disk shared"), [](const VariantResult& v) {
        return v.disk.uniqueBytes > 0 || v.disk.sharedBytes > 0
                   ? Cell{human::bytes(v.disk.sharedBytes), QString::fromStdString(v.disk.detail)}
                   : Cell{};
    });
    addRow(tr("Host CPU outside the workload"),
           [&](const VariantResult& v) { return statCell(v.hostCpuOutsideMs, "ms"); });
    addRow(tr("VM exits"), [](const VariantResult& v) {
        if (v.vmExits.empty()) return Cell{};
        uint64_t total = 0;
        QStringList parts;
        for (const auto& [reason, n] : v.vmExits) {
            total += n;
            parts << QStringLiteral("%1: %2").arg(QString::fromStdString(reason)).arg(n);
        }
        return Cell{QLocale().toString(qulonglong(total)), parts.join(QLatin1Char('\n'))};
    });
    endResetModel();
}

int ComparisonTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int ComparisonTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 1 + int(columns_.size());
}

QVariant ComparisonTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& row = rows_[index.row()];
    if (index.column() == 0) return role == Qt::DisplayRole ? QVariant(row.figure) : QVariant();
    const Cell& cell = row.cells.value(index.column() - 1);
    switch (role) {
        case Qt::DisplayRole:
            return cell.text;
        case Qt::ToolTipRole:
            return cell.tip.isEmpty() ? QVariant() : QVariant(cell.tip);
        case Qt::TextAlignmentRole:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant ComparisonTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (section == 0) return role == Qt::DisplayRole ? QVariant(tr("Figure")) : QVariant();
    if (section > int(columns_.size())) return {};
    const Column& column = columns_[section - 1];
    if (role == Qt::DisplayRole) return column.name;
    if (role == Qt::ForegroundRole) return QBrush(variantColor(column.colorKey));
    return {};
}

}  // namespace juxta::ui
