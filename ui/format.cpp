#include "format.h"

#include <QCoreApplication>
#include <cmath>

namespace juxta::ui::human {

QString perSecond(double v) {
    if (!std::isfinite(v) || v < 0) v = 0;
    if (v < 1000)
        return QCoreApplication::translate("juxta::ui::human", "%1/s").arg(v, 0, 'f', v < 10 ? 1 : 0);
    if (v < 1e6) return QCoreApplication::translate("juxta::ui::human", "%1 k/s").arg(v / 1e3, 0, 'f', 1);
    return QCoreApplication::translate("juxta::ui::human", "%1 M/s").arg(v / 1e6, 0, 'f', 1);
}

QString cores(double v) {
    if (!std::isfinite(v) || v < 0) v = 0;
    return QCoreApplication::translate("juxta::ui::human", "%1 cores").arg(v, 0, 'f', 2);
}

QString duration(double s) {
    if (!std::isfinite(s) || s < 0) s = 0;
    const qint64 whole = qint64(s);
    if (s < 1) return QCoreApplication::translate("juxta::ui::human", "%1 ms").arg(qRound(s * 1000));
    if (s < 60) return QCoreApplication::translate("juxta::ui::human", "%1 s").arg(whole);
    if (s < 3600)
        return QCoreApplication::translate("juxta::ui::human", "%1 min %2 s").arg(whole / 60).arg(whole % 60);
    if (s < 86400)
        return QCoreApplication::translate("juxta::ui::human", "%1 h %2 min")
            .arg(whole / 3600)
            .arg(whole % 3600 / 60);
    return QCoreApplication::translate("juxta::ui::human", "%1 d %2 h")
        .arg(whole / 86400)
        .arg(whole % 86400 / 3600);
}

QString uptime(double s) {
    if (!std::isfinite(s) || s < 0) s = 0;
    if (s < 60) return QCoreApplication::translate("juxta::ui::human", "%1 s").arg(qint64(s));
    if (s < 3600) return QCoreApplication::translate("juxta::ui::human", "%1 min").arg(qint64(s) / 60);
    return duration(s);
}

}  // namespace juxta::ui::human
