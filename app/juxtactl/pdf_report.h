#pragma once
// `juxtactl compare --report FILE.pdf`: the report the GUI exports, rendered by the juxta-report
// program (the GUI's report writer, run headless), so juxtactl itself links no Qt Widgets.
#include <string>

#include "compare/result.h"
#include "core/error.h"

namespace juxta::cli {

// Before anything runs: EINVAL unless FILE ends in .pdf, is not a directory, and its folder
// exists and can be written.
Status checkReportPath(const std::string& path);

// Runs juxta-report with the comparison's JSON on its stdin; its error, if any, as one message.
Status writePdfReport(const compare::Comparison& comparison, const std::string& path);

}  // namespace juxta::cli
