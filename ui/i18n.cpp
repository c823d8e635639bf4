#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace juxta::ui {

QList<Language> availableLanguages() {
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("ko"), QStringLiteral("한국어")}};
}

QString resolveLanguage(const QString& requested) {
    const auto langs = availableLanguages();
    const auto has = [&](const QString& code) {
        return std::any_of(langs.begin(), langs.end(), [&](const Language& l) { return l.code == code; });
    };
    if (!requested.isEmpty() && requested != QLatin1String("system")) {
        const QString code =
            requested.section(QLatin1Char('_'), 0, 0).section(QLatin1Char('-'), 0, 0).toLower();
        return has(code) ? code : QString();
    }
    for (const QString& ui : QLocale::system().uiLanguages()) {
        const QString code = ui.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
        if (has(code)) return code;
    }
    return QStringLiteral("en");
}

bool installTranslations(QCoreApplication& app, const QString& code) {
    static QPointer<QTranslator> ours, qt;
    for (QPointer<QTranslator>* t : {&ours, &qt}) {
        if (*t) {
            app.removeTranslator(*t);
            delete t->data();
        }
    }
    QLocale::setDefault(QLocale(code));
    ours = new QTranslator(&app);
    if (!ours->load(QStringLiteral(":/i18n/juxta_%1.qm").arg(code))) return false;
    app.installTranslator(ours);
    qt = new QTranslator(&app);
    if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    return true;
}

}  // namespace juxta::ui
