// juxta-report: renders a comparison (its result.json) as the PDF report the Compare view exports
// — one code path for the GUI and `juxtactl compare --report`, which runs this program so that
// juxtactl itself links no Qt Widgets. Headless: offscreen unless a Qt platform is chosen.
//
//   juxta-report RESULT.json|- OUTPUT.pdf [--lang en|ko]     ("-": the JSON on stdin)
//
// Bad usage or input: one line on stderr, exit 2; a report that cannot be written: exit 1, and
// nothing is left at OUTPUT.pdf (it is written beside it and renamed into place).
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <cstdio>

#include "compare/report_writer.h"
#include "i18n.h"

namespace {

int fail(const QString& message, int code) {
    std::fprintf(stderr, "juxta-report: %s\n", qPrintable(message));
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStringList args = QApplication::arguments().mid(1);
    QString language = QStringLiteral("system");
    if (const qsizetype at = args.indexOf(QStringLiteral("--lang")); at >= 0) {
        if (at + 1 >= args.size()) return fail(QStringLiteral("--lang needs en or ko"), 2);
        language = args.takeAt(at + 1);
        args.removeAt(at);
    }
    if (args.size() != 2)
        return fail(QStringLiteral("usage: juxta-report RESULT.json|- OUTPUT.pdf [--lang en|ko]"), 2);
    const QString code = juxta::ui::resolveLanguage(language);
    if (code.isEmpty()) return fail(QStringLiteral("unknown language '%1' — use en or ko").arg(language), 2);
    juxta::ui::installTranslations(app, code);

    QFile in;
    const bool fromStdin = args[0] == QLatin1String("-");
    const bool opened = fromStdin ? in.open(stdin, QIODevice::ReadOnly)
                                  : (in.setFileName(args[0]), in.open(QIODevice::ReadOnly));
    if (!opened) return fail(QStringLiteral("%1: %2").arg(args[0], in.errorString()), 2);
    auto comparison = juxta::compare::comparisonFromJson(in.readAll().toStdString());
    if (!comparison)
        return fail(QStringLiteral("%1: %2").arg(fromStdin ? QStringLiteral("stdin") : args[0],
                                                 QString::fromStdString(comparison.error().message())),
                    2);
    if (QFileInfo(args[1]).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("%1: the report is a PDF — name it FILE.pdf").arg(args[1]), 2);
    if (auto st = juxta::ui::writePdfReport(*comparison, args[1]); !st)
        return fail(QString::fromStdString(st.error().message()), 1);
    return 0;
}
