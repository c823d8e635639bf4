#pragma once
// A comparison written out for people and programs: the PDF report (the host, the run, every
// figure's table and every chart, dated), and in one folder everything at once — the report, each
// chart as PNG and SVG, the raw samples as CSV and JSON, and a Markdown summary (the harness's own
// CSV, JSON and Markdown forms, so the files agree with `juxtactl compare`).
#include <QString>
#include <QStringList>

#include "compare/result.h"
#include "core/error.h"

namespace juxta::ui {

Status writePdfReport(const compare::Comparison& c, const QString& path);
// Returns the files written, under directory.
Result<QStringList> exportComparison(const compare::Comparison& c, const QString& directory);
// "Intel Xeon … · 2 cores · 23.5 GiB · kernel 6.1 · KVM: pvm · cgroup v1 · load 0.4"
QString hostText(const compare::HostDescription& host);

}  // namespace juxta::ui
