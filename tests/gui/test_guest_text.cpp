// Text a guest or a container controls (a crashed VM's last console lines, an image's command, an
// engine error quoting either) is shown as plain text: HTML in it is shown literally, never rendered
// (an <img src=...> would make the GUI load a file of the guest's choosing).
#include <QLabel>
#include <QTest>

#include "dialogs/new_container_dialog.h"
#include "pages/console_page.h"
#include "pages/overview_page.h"
#include "pages/text_stream_page.h"

using namespace juxta;
using namespace juxta::ui;

namespace {

const QString kHostile = QStringLiteral("<b>x</b><img src=\"/etc/shadow\"><a href=\"file:///\">y</a>");

// Every label that shows the hostile text shows it as plain text; returns how many showed it.
int checkLabels(QWidget* root) {
    int shown = 0;
    for (QLabel* label : root->findChildren<QLabel*>()) {
        if (!label->text().contains(kHostile)) continue;
        ++shown;
        if (label->textFormat() != Qt::PlainText)
            qWarning("label %s shows guest text in format %d", qPrintable(label->objectName()),
                     int(label->textFormat()));
        if (label->textFormat() != Qt::PlainText) return -1;
    }
    return shown;
}

}  // namespace

class TestGuestText : public QObject {
    Q_OBJECT
  private slots:
    void theHostileTextWouldBeRenderedAsHtml() {
        QVERIFY(Qt::mightBeRichText(kHostile));  // so a label in AutoText would render it
    }
    void overviewShowsAnInstancesTextLiterally() {
        OverviewPage page;
        InstanceInfo info;
        info.id = "a1b2c3";
        info.name = kHostile.toStdString();  // a name the engine refuses today; the label must not care
        info.kind = InstanceKind::Vm;
        info.state = InstanceState::Crashed;
        info.detail = "triple fault — last console lines: " + kHostile.toStdString();
        info.image = kHostile.toStdString();
        info.command = kHostile.toStdString();
        page.showInstance(info);
        page.setError(QStringLiteral("start: ") + kHostile);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(checkLabels(&page), 5);  // title, status, image, command, error
    }
    void consoleAndLogPagesShowTheirMessagesLiterally() {
        ConsolePage console;
        console.showUnavailable(kHostile);
        console.setStatus(kHostile);
        QCOMPARE(checkLabels(&console), 2);
        TextStreamPage logs;
        logs.showUnavailable(kHostile);
        QCOMPARE(checkLabels(&logs), 1);
    }
    void dialogErrorsShowLiterally() {
        NewContainerDialog dialog;
        dialog.showError(kHostile);
        QCOMPARE(checkLabels(&dialog), 1);
    }
};

QTEST_MAIN(TestGuestText)
#include "test_guest_text.moc"
