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
    int detailsTab = 0;  // the tab shown when Juxta starts: the one the user left open

    static Settings load();
    void save() const;
};

}  // namespace juxta::ui
