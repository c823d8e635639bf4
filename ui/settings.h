#pragma once
// The user's preferences, kept with QSettings (~/.config/Juxta/juxta.conf).
#include <QString>

#include "theme.h"

namespace juxta::ui {

struct Settings {
    QString language = QStringLiteral("system");  // "system", "en", "ko"
    Theme theme = Theme::System;
    int sampleIntervalMs = 1000;
    int graphWindowSeconds = 60;

    static Settings load();
    void save() const;
};

}  // namespace juxta::ui
