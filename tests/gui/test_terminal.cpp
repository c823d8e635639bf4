// The terminal widget: what a shell writes shows up with its colours, keys become the bytes a
// terminal sends, output past the bottom goes to the scrollback, and a resize reports the new size.
#include <QSignalSpy>
#include <QTest>

#include "terminal/terminal_widget.h"

using juxta::ui::TerminalWidget;

class TestTerminal : public QObject {
    Q_OBJECT
  private slots:
    void showsTextAndColours() {
        TerminalWidget t;
        t.resize(800, 400);
        t.show();
        t.feed("plain \x1b[31mred\x1b[0m\r\n\xed\x95\x9c\xea\xb8\x80 ok\r\n");  // "한글 ok"
        QCOMPARE(t.lineText(0), QString("plain red"));
        QCOMPARE(t.lineText(1), QString("한글 ok"));
        QCOMPARE(t.foregroundAt(0, 6).red() > 150 && t.foregroundAt(0, 6).green() < 100, true);
        QCOMPARE(t.foregroundAt(0, 0), t.foregroundAt(0, 1));
        QVERIFY(t.foregroundAt(0, 0) != t.foregroundAt(0, 6));
        t.feed("\x1b[2J\x1b[H");  // clear screen, cursor home
        QCOMPARE(t.lineText(0), QString());
    }
    void keysBecomeTerminalBytes() {
        TerminalWidget t;
        t.show();
        QSignalSpy sent(&t, &TerminalWidget::sendBytes);
        QTest::keyClicks(&t, "ls");
        QTest::keyClick(&t, Qt::Key_Return);
        QTest::keyClick(&t, Qt::Key_C, Qt::ControlModifier);
        QTest::keyClick(&t, Qt::Key_Up);
        QTest::keyClick(&t, Qt::Key_Tab);
        QByteArray all;
        for (const auto& args : sent) all += args.first().toByteArray();
        QCOMPARE(all, QByteArray("ls\r\x03\x1b[A\t"));
    }
    void linesScrollIntoTheScrollback() {
        TerminalWidget t;
        t.resize(600, 200);
        t.show();
        QByteArray many;
        for (int i = 0; i < t.rows() + 10; ++i) many += "line " + QByteArray::number(i) + "\r\n";
        t.feed(many);
        QVERIFY(t.scrollbackLines() >= 10);
        QCOMPARE(t.lineText(-t.scrollbackLines()), QString("line 0"));
    }
    void resizeReportsRowsAndColumns() {
        TerminalWidget t;
        t.resize(400, 200);
        t.show();
        QSignalSpy size(&t, &TerminalWidget::sizeChanged);
        t.resize(900, 500);
        QTRY_VERIFY(size.count() >= 1);
        QCOMPARE(size.last().at(0).toInt(), t.rows());
        QCOMPARE(size.last().at(1).toInt(), t.columns());
        QVERIFY(t.columns() > 80);
    }
};

QTEST_MAIN(TestTerminal)
#include "test_terminal.moc"
