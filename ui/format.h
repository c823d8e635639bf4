#pragma once
// engine/core's people-friendly number formats as QStrings for the widgets.
#include <QString>

#include "core/format.h"

namespace juxta::ui::human {

inline QString bytes(double v) {
    return QString::fromStdString(format::bytes(v));
}
inline QString rate(double v) {
    return QString::fromStdString(format::bytesPerSecond(v));
}
inline QString percent(double v) {
    return QString::fromStdString(format::percent(v));
}
QString perSecond(double v);  // "1.2 k/s"
QString cores(double v);      // "0.50 cores"
// Durations carry words ("min", "h"), so they are translated here rather than in the engine.
QString duration(double seconds);
// How long something has run, to the minute once it is a minute ("12 min", "3 h 5 min"): a list of
// a hundred instances repaints a row when its text changes, not every second.
QString uptime(double seconds);

}  // namespace juxta::ui::human
