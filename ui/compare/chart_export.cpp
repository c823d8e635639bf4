#include "compare/chart_export.h"

#include <qcustomplot.h>

#include <QDir>
#include <QFileInfo>
#include <QSvgGenerator>

namespace juxta::ui {
namespace {

QSize exportSize(QCustomPlot* plot, QSize size) {
    if (size.isValid() && !size.isEmpty()) return size;
    const QSize own = plot->size();
    return own.width() >= 100 && own.height() >= 80 ? own : QSize(800, 450);
}

Error fileError(const QString& path, const char* what) {
    return Error(EIO, QStringLiteral("%1: %2").arg(path, QString::fromLatin1(what)).toStdString());
}

}  // namespace

void paintChart(QCustomPlot* plot, QCPPainter* painter, const QRect& target, QSize logical) {
    const QSize s = exportSize(plot, logical);
    painter->save();
    painter->translate(target.topLeft());
    painter->scale(double(target.width()) / s.width(), double(target.height()) / s.height());
    plot->toPainter(painter, s.width(), s.height());
    painter->restore();
}

Status exportChart(QCustomPlot* plot, const QString& path, QSize size) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSize s = exportSize(plot, size);
    if (suffix == QLatin1String("png")) {
        if (!plot->savePng(path, s.width(), s.height(), 2.0)) return fileError(path, "cannot write the PNG");
        return {};
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(s);
        svg.setViewBox(QRect(QPoint(0, 0), s));
        svg.setTitle(plot->objectName());
        QCPPainter painter;
        if (!painter.begin(&svg)) return fileError(path, "cannot write the SVG");
        plot->toPainter(&painter, s.width(), s.height());
        painter.end();
        if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0)
            return fileError(path, "cannot write the SVG");
        return {};
    }
    return Error(EINVAL, QStringLiteral("%1: choose a file ending in .png or .svg").arg(path).toStdString());
}

Result<QStringList> exportCharts(const QList<NamedChart>& charts, const QString& directory) {
    if (!QDir().mkpath(directory))
        return Error(EIO, QStringLiteral("%1: cannot create the folder").arg(directory).toStdString());
    QStringList written;
    for (const auto& [name, plot] : charts) {
        for (const char* suffix : {".png", ".svg"}) {
            const QString path = QDir(directory).filePath(name + QLatin1String(suffix));
            if (Status s = exportChart(plot, path); !s) return s.error();
            written << path;
        }
    }
    return written;
}

}  // namespace juxta::ui
