#include "compare/report_writer.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QPdfWriter>
#include <QSaveFile>
#include <QWidget>

#include "compare/chart_export.h"
#include "compare/comparison_charts.h"
#include "compare/comparison_table_model.h"
#include "compare/figure_format.h"
#include "compare/scenario.h"
#include "format.h"

namespace juxta::ui {
namespace {

// The translation context of this file's texts (lupdate reads it).
struct ReportWriter {
    Q_DECLARE_TR_FUNCTIONS(juxta::ui::ReportWriter)
};

Error writeError(const QString& path, const QString& why) {
    return Error(EIO, QStringLiteral("%1: %2").arg(path, why).toStdString());
}

Status writeText(const QString& path, const std::string& text) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return writeError(path, file.errorString());
    file.write(text.data(), qint64(text.size()));
    if (!file.commit()) return writeError(path, file.errorString());
    return {};
}

QString manifestText(const compare::Manifest& m) {
    QStringList variants;
    for (InstanceKind k : m.variants) variants << figures::variantName(k);
    QStringList parts{ReportWriter::tr("workload %1").arg(QString::fromStdString(m.workload)),
                      variants.join(QStringLiteral(", "))};
    if (!compare::isScenario(m.workload)) parts << ReportWriter::tr("%n repeat(s)", nullptr, m.repeats);
    for (const auto& [k, v] : m.parameters)
        parts << QStringLiteral("%1=%2").arg(QString::fromStdString(k), QString::fromStdString(v));
    if (m.containerMemoryBytes)
        parts << ReportWriter::tr("container memory %1").arg(human::bytes(double(*m.containerMemoryBytes)));
    if (m.containerCpus) parts << ReportWriter::tr("container CPUs %1").arg(*m.containerCpus);
    if (std::find(m.variants.begin(), m.variants.end(), InstanceKind::Vm) != m.variants.end() &&
        m.workload != "compose")  // a compose file's VMs are as big as its services' limits
        parts << ReportWriter::tr("VM %1 MiB, %n vCPU(s)", nullptr, m.vmVcpus).arg(m.vmMemoryMib);
    return parts.join(QStringLiteral(" · "));
}

// Lays text, tables and charts down a page in the writer's units, starting a new page when full.
class PageFlow {
  public:
    PageFlow(QPdfWriter& writer, QCPPainter& painter) : writer_(writer), painter_(painter) {
        width_ = writer.width();
        height_ = writer.height();
    }
    int width() const { return width_; }
    void text(const QString& text, double pointSize, bool bold = false) {
        QFont f = painter_.font();
        f.setPointSizeF(pointSize);
        f.setBold(bold);
        painter_.setFont(f);
        const QRect bounds = painter_.boundingRect(QRect(0, 0, width_, height_), Qt::TextWordWrap, text);
        need(bounds.height());
        painter_.drawText(QRect(0, y_, width_, bounds.height()), Qt::TextWordWrap, text);
        y_ += bounds.height() + bounds.height() / 4;
    }
    // Row by row; a row is never cut, and a page the table goes on to repeats its header.
    void table(const ComparisonTableModel& model) {
        QFont f = painter_.font();
        f.setPointSizeF(8);
        f.setBold(false);
        painter_.setFont(f);
        const int columns = model.columnCount();
        const int first = width_ * 28 / 100, rest = columns > 1 ? (width_ - first) / (columns - 1) : 0;
        const auto columnRect = [&](int c, int y, int h) {
            return c == 0 ? QRect(0, y, first, h) : QRect(first + (c - 1) * rest, y, rest, h);
        };
        const int pad = painter_.fontMetrics().height() / 4;
        const auto cells = [&](int r) {
            QStringList out;
            for (int c = 0; c < columns; ++c)
                out << (r < 0 ? model.headerData(c, Qt::Horizontal).toString()
                              : model.index(r, c).data().toString());
            return out;
        };
        const auto rowHeight = [&](const QStringList& row) {
            int h = 0;
            for (int c = 0; c < columns; ++c)
                h = std::max(h, painter_
                                    .boundingRect(columnRect(c, 0, height_).adjusted(pad, 0, -pad, 0),
                                                  Qt::TextWordWrap, row[c])
                                    .height());
            return h + 2 * pad;
        };
        const auto drawRow = [&](const QStringList& row, int h, bool bold) {
            QFont rowFont = f;
            rowFont.setBold(bold);
            painter_.setFont(rowFont);
            for (int c = 0; c < columns; ++c) {
                const QRect cell = columnRect(c, y_, h);
                painter_.setPen(QPen(QColor(200, 200, 200), 0));
                painter_.drawRect(cell);
                painter_.setPen(Qt::black);
                painter_.drawText(cell.adjusted(pad, pad, -pad, -pad),
                                  Qt::TextWordWrap | (c == 0 ? Qt::AlignLeft : Qt::AlignRight), row[c]);
            }
            y_ += h;
        };
        const QStringList header = cells(-1);
        QFont bold = f;
        bold.setBold(true);
        painter_.setFont(bold);
        const int headerHeight = rowHeight(header);
        bool firstRow = true;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QStringList row = cells(r);
            painter_.setFont(f);
            const int h = rowHeight(row);
            if (firstRow || !fits(h)) {
                need(headerHeight + h);
                drawRow(header, headerHeight, true);
                firstRow = false;
            }
            drawRow(row, h, false);
        }
        y_ += painter_.fontMetrics().height();
    }
    // The title stays with its chart; a chart is never cut.
    void chart(const ComparisonChart& chart) {
        const int h = width_ * 9 / 16;
        QFont f = painter_.font();
        f.setPointSizeF(11);
        f.setBold(true);
        painter_.setFont(f);
        const int title =
            painter_.boundingRect(QRect(0, 0, width_, height_), Qt::TextWordWrap, chart.title).height();
        need(title + title / 4 + h);
        text(chart.title, 11, true);
        paintChart(chart.plot, &painter_, QRect(0, y_, width_, h), QSize(960, 540));
        y_ += h + painter_.fontMetrics().height();
    }

  private:
    bool fits(int h) const { return y_ + h <= height_; }
    void need(int h) {
        if (fits(h) || y_ == 0) return;
        writer_.newPage();
        y_ = 0;
    }
    QPdfWriter& writer_;
    QCPPainter& painter_;
    int width_, height_;
    int y_ = 0;
};

}  // namespace

QString hostText(const compare::HostDescription& h) {
    return QStringList{QString::fromStdString(h.cpuModel),
                       ReportWriter::tr("%n core(s)", nullptr, h.cores),
                       human::bytes(h.memoryTotalBytes),
                       ReportWriter::tr("kernel %1").arg(QString::fromStdString(h.kernel)),
                       ReportWriter::tr("KVM: %1").arg(QString::fromStdString(h.kvmKind)),
                       ReportWriter::tr("cgroup %1").arg(QString::fromStdString(h.cgroupMode)),
                       ReportWriter::tr("load %1").arg(h.loadAverage1, 0, 'f', 2),
                       ReportWriter::tr("Juxta %1").arg(QString::fromStdString(h.juxtaVersion))}
        .join(QStringLiteral(" · "));
}

Status writePdfReport(const compare::Comparison& c, const QString& path) {
    // Written beside the target and renamed over it at the end: never a half-written report.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return writeError(path, file.errorString());
    QPdfWriter writer(&file);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    // The charts lay their text out at the screen's DPI; drawn at another, their labels would
    // overflow the boxes measured for them (legends cut off).
    QWidget holder;  // the charts' parent while they are drawn; never shown
    holder.resize(960, 540);
    writer.setResolution(holder.logicalDpiY());
    writer.setTitle(ReportWriter::tr("Juxta comparison %1").arg(QString::fromStdString(c.id)));
    writer.setCreator(QStringLiteral("Juxta"));
    QCPPainter painter;
    if (!painter.begin(&writer))
        return writeError(path, ReportWriter::tr("cannot write the PDF here; choose another folder"));

    const QList<ComparisonChart> charts = makeComparisonCharts(c, &holder);
    ComparisonTableModel table;
    table.setComparison(c);

    PageFlow page(writer, painter);
    const bool scenario = !c.scenario.empty();
    const bool compose = c.manifest.workload == "compose";
    const auto composeFile = c.manifest.parameters.find("file");
    page.text(compose ? ReportWriter::tr("Juxta: %1 as containers, as VMs and as written")
                            .arg(composeFile == c.manifest.parameters.end()
                                     ? QStringLiteral("compose")
                                     : QString::fromStdString(composeFile->second))
              : scenario
                  ? ReportWriter::tr("Juxta: a web app, a database, a cache and a worker as containers and "
                                     "as VMs")
                  : ReportWriter::tr("Juxta: %1 as a host process, a container and a VM")
                        .arg(QString::fromStdString(c.manifest.workload)),
              18, true);
    page.text(ReportWriter::tr("Run %1 · %2 · took %3%4")
                  .arg(QString::fromStdString(c.id), QString::fromStdString(c.host.date),
                       human::duration(c.durationMs / 1000.0),
                       c.cancelled ? ReportWriter::tr(" · cancelled before the end") : QString()),
              9);
    page.text(ReportWriter::tr("Host: %1").arg(hostText(c.host)), 9);
    page.text(ReportWriter::tr("Asked for: %1").arg(manifestText(c.manifest)), 9);
    page.text(
        compose    ? ReportWriter::tr("Every figure below was measured in this run: the compose file brought "
                                         "up each way, one after another; each service's readiness from up, its "
                                         "memory and CPU while the stack idled, its disk; then a fixed-time load "
                                         "on the web service's published port, idle, while another service "
                                         "exhausts its memory, and after.")
        : scenario ? ReportWriter::tr("Every figure below was measured in this run: the four services "
                                      "started one after another as instances of each kind, their memory "
                                      "while all four served, then the cache made to exhaust its memory "
                                      "and the others' operations per second before and after.")
                   : ReportWriter::tr("Every figure below was measured in this run: the median of the "
                                      "repeats, their range in brackets, and the ratio to the host "
                                      "process where there is one."),
        9);
    page.table(table);
    for (const ComparisonChart& chart : charts) page.chart(chart);
    page.text(ReportWriter::tr("Written by Juxta on %1.")
                  .arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::LongFormat)),
              8);
    if (!painter.end()) return writeError(path, ReportWriter::tr("cannot finish the PDF"));
    if (!file.commit()) return writeError(path, file.errorString());
    return {};
}

Result<QStringList> exportComparison(const compare::Comparison& c, const QString& directory) {
    const QDir dir(directory);
    if (!QDir().mkpath(directory)) return writeError(directory, ReportWriter::tr("cannot create the folder"));
    QStringList written;
    const auto text = [&](const char* name, const std::string& content) -> Status {
        const QString path = dir.filePath(QLatin1String(name));
        if (Status s = writeText(path, content); !s) return s;
        written << path;
        return {};
    };
    if (Status s = text("result.json", compare::toJson(c)); !s) return s.error();
    if (Status s = text("result.csv", compare::toCsv(c)); !s) return s.error();
    if (Status s = text("summary.md", compare::toMarkdown(c)); !s) return s.error();
    if (Status s = writePdfReport(c, dir.filePath(QStringLiteral("report.pdf"))); !s) return s.error();
    written << dir.filePath(QStringLiteral("report.pdf"));

    QWidget holder;
    holder.resize(960, 540);
    QList<NamedChart> named;
    for (const ComparisonChart& chart : makeComparisonCharts(c, &holder))
        named.push_back({chart.name, chart.plot});
    const auto charts = exportCharts(named, dir.filePath(QStringLiteral("charts")));
    if (!charts) return charts.error();
    written << *charts;
    return written;
}

}  // namespace juxta::ui
