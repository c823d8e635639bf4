#pragma once
// Languages: English (the source) and Korean, chosen by the system locale unless the user picks
// one in Preferences or with --lang.
#include <QList>
#include <QString>

class QCoreApplication;

namespace juxta::ui {

struct Language {
    QString code;        // "en", "ko"
    QString nativeName;  // "English", "한국어"
};

QList<Language> availableLanguages();

// "" or "system" -> the first system UI language Juxta has, else "en". Returns an empty string for a
// code Juxta does not have.
QString resolveLanguage(const QString& requested);

// Installs Juxta's and Qt's own translations for a resolved code; replaces earlier ones.
bool installTranslations(QCoreApplication& app, const QString& code);

}  // namespace juxta::ui
