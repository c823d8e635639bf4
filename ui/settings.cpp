#include "settings.h"

#include <QSettings>

namespace juxta::ui {

Settings Settings::load() {
    QSettings s;
    Settings out;
    out.language = s.value(QStringLiteral("language"), out.language).toString();
    out.theme = themeFromString(s.value(QStringLiteral("theme")).toString());
    out.sampleIntervalMs =
        std::clamp(s.value(QStringLiteral("sampleIntervalMs"), out.sampleIntervalMs).toInt(), 250, 60000);
    out.graphWindowSeconds = s.value(QStringLiteral("graphWindowSeconds"), out.graphWindowSeconds).toInt();
    out.detailsTab = s.value(QStringLiteral("detailsTab"), out.detailsTab).toInt();
    return out;
}

void Settings::save() const {
    QSettings s;
    s.setValue(QStringLiteral("language"), language);
    s.setValue(QStringLiteral("theme"), toString(theme));
    s.setValue(QStringLiteral("sampleIntervalMs"), sampleIntervalMs);
    s.setValue(QStringLiteral("graphWindowSeconds"), graphWindowSeconds);
    s.setValue(QStringLiteral("detailsTab"), detailsTab);
}

}  // namespace juxta::ui
