#pragma once
// Light, dark, or whatever the desktop uses. Dark and light use the Fusion style with a palette of
// their own, so they look the same on every desktop.
#include <QString>

class QApplication;

namespace juxta::ui {

enum class Theme { System, Light, Dark };

Theme themeFromString(const QString& s);  // "system" | "light" | "dark"; anything else: System
QString toString(Theme theme);
void applyTheme(QApplication& app, Theme theme);

}  // namespace juxta::ui
