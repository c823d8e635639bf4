// juxta: the desktop app. Parses the command line, sets up logging, language and theme, starts the
// engine and shows the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <cstdio>

#include "bridge/engine.h"
#include "core/log.h"
#include "i18n.h"
#include "main_window.h"
#include "settings.h"
#include "theme.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("juxta"));
    QApplication::setOrganizationName(QStringLiteral("Juxta"));
    QApplication::setApplicationVersion(QStringLiteral(JUXTA_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("Juxta"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.juxta.Juxta"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/juxta.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Juxta: virtual machines and containers, side by side"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption langOption(QStringLiteral("lang"),
                                  QStringLiteral("Language of the interface: en or ko."),
                                  QStringLiteral("code"));
    QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                     QStringLiteral("Log debug messages to the terminal."));
    parser.addOptions({langOption, verboseOption});
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "juxta: %s — see juxta --help\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();

    juxta::log::init({.verbose = parser.isSet(verboseOption), .toFile = true});
    auto settings = juxta::ui::Settings::load();

    const QString requested = parser.isSet(langOption) ? parser.value(langOption) : settings.language;
    QString language = juxta::ui::resolveLanguage(requested);
    if (language.isEmpty()) {
        if (parser.isSet(langOption)) {
            std::fprintf(stderr, "juxta: unknown language '%s' — use --lang en or --lang ko\n",
                         qPrintable(requested));
            return 2;
        }
        language = juxta::ui::resolveLanguage(QStringLiteral("system"));  // a stale setting: fall back
    }
    if (!juxta::ui::installTranslations(app, language))
        juxta::log::get("ui")->warn("no translation for '{}': the interface stays in English",
                                    language.toStdString());
    juxta::ui::applyTheme(app, settings.theme);

    juxta::Engine engine({.sampleIntervalMs = settings.sampleIntervalMs});
    juxta::ui::MainWindow window(engine, settings);
    QObject::connect(&window, &juxta::ui::MainWindow::settingsChanged, &app,
                     [&app](const juxta::ui::Settings& s) { juxta::ui::applyTheme(app, s.theme); });
    window.show();
    engine.start();
    return app.exec();
}
