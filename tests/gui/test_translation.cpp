// Korean is a first-class language: the compiled translation loads, every string of ours is
// translated, the window's visible strings change, and `juxta --lang` rejects what it lacks.
#include <QAction>
#include <QMenuBar>
#include <QProcess>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include "bridge/engine.h"
#include "compare/figure_format.h"
#include "format.h"
#include "i18n.h"
#include "main_window.h"
#include "models/instance_list_model.h"

using namespace juxta;
using namespace juxta::ui;

class TestTranslation : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void resolvesLanguages() {
        QCOMPARE(resolveLanguage("ko"), QString("ko"));
        QCOMPARE(resolveLanguage("ko_KR"), QString("ko"));
        QCOMPARE(resolveLanguage("en-GB"), QString("en"));
        QCOMPARE(resolveLanguage("xx"), QString());
        QVERIFY(!resolveLanguage("system").isEmpty());
    }

    void koreanChangesTheWindowsStrings() {
        QVERIFY(installTranslations(*qApp, "ko"));
        {
            Engine engine;
            MainWindow window(engine, Settings{});
            QCOMPARE(window.tabs()->tabText(0), QString("개요"));
            QCOMPARE(window.tabs()->tabText(1), QString("그래프"));
            QCOMPARE(window.menuBar()->actions().first()->text(), QString("파일(&F)"));
            QCOMPARE(window.instanceModel()->headerData(0, Qt::Horizontal).toString(), QString("이름"));
            QCOMPARE(human::duration(303), QString("5분 3초"));
            // The compose scenario's "how it ended", written by the engine in English.
            QCOMPARE(
                figures::composeServiceEnd("its hog was OOM-killed 2 times; the service: running (healthy)"),
                QString("메모리 독점 프로세스가 OOM으로 2번 종료됨; 서비스: 실행 중 (정상)"));
            QCOMPARE(figures::composeServiceEnd("running (starting)"), QString("실행 중 (시작 중)"));
            QCOMPARE(figures::composeServiceEnd("a state it does not know"),
                     QString("a state it does not know"));
        }
        QVERIFY(installTranslations(*qApp, "en"));
        QCOMPARE(figures::composeServiceEnd("its hog was OOM-killed 1 time; the service: exited 3"),
                 QString("its hog was OOM-killed once; the service: exited 3"));
        Engine engine;
        MainWindow window(engine, Settings{});
        QCOMPARE(window.tabs()->tabText(0), QString("Overview"));
    }

    void everyStringIsTranslated() {
        QFile ts(QStringLiteral(JUXTA_SOURCE_DIR "/translations/juxta_ko.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray text = ts.readAll();
        QVERIFY(text.count("<message") > 50);
        QCOMPARE(text.count("type=\"unfinished\""), 0);
        QCOMPARE(text.count("<translation></translation>"), 0);
    }

    void badLangIsOneLineAndExitTwo() {
        QProcess p;
        p.start(QStringLiteral(JUXTA_GUI), {"--lang", "xx", "-platform", "offscreen"});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("unknown language 'xx' — use --lang en or --lang ko"), err.constData());
    }

    void unknownOptionIsOneLineAndExitTwo() {
        QProcess p;
        p.start(QStringLiteral(JUXTA_GUI), {"--bogus", "-platform", "offscreen"});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("juxta: Unknown option 'bogus'"));
    }
};

QTEST_MAIN(TestTranslation)
#include "test_translation.moc"
