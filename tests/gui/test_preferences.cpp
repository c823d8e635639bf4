// Preferences: the switch for the host's history while Juxta is closed (the juxta-metrics user
// service) shows the service as systemd's user manager reports it, and says why it cannot be
// switched where there is none.
#include <QCheckBox>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "host_history_service.h"
#include "preferences_dialog.h"

using namespace juxta::ui;
using State = HostHistoryService::State;

class TestPreferences : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theSwitchShowsTheService() {
        PreferencesDialog off(Settings{}, {State::Off, {}});
        QVERIFY(off.hostHistoryBox()->isEnabled());
        QVERIFY(!off.hostHistoryBox()->isChecked());
        QVERIFY(!off.keepsHostHistory());
        off.hostHistoryBox()->click();
        QVERIFY(off.keepsHostHistory());

        PreferencesDialog on(Settings{}, {State::On, {}});
        QVERIFY(on.hostHistoryBox()->isChecked());

        PreferencesDialog none(Settings{}, {State::Unavailable, "System has not been booted with systemd"});
        QVERIFY(!none.hostHistoryBox()->isEnabled());
        QVERIFY(none.hostHistoryNote()->text().contains("System has not been booted with systemd"));
        QVERIFY(none.hostHistoryNote()->text().contains("juxtactl metrics record"));
    }

    void withoutSystemctlItSaysSo() {
        const QByteArray path = qgetenv("PATH");
        QTemporaryDir empty;
        qputenv("PATH", empty.path().toUtf8());
        const auto status = HostHistoryService::query();
        const QString why = HostHistoryService::setEnabled(true);
        qputenv("PATH", path);
        QCOMPARE(status.state, State::Unavailable);
        QCOMPARE(status.reason, QString("systemctl is not installed"));
        QCOMPARE(why, QString("systemctl is not installed"));
    }

    void whatThisMachineSays() {
        // Here (CI: root in a container, no user manager) or on a desktop (the unit installed or not):
        // whatever systemd says, an unavailable service comes with its reason.
        const auto status = HostHistoryService::query();
        if (status.state == State::Unavailable) QVERIFY(!status.reason.isEmpty());
        qInfo("the juxta-metrics service here: %s", status.state == State::On    ? "on"
                                                    : status.state == State::Off ? "off"
                                                                                 : qPrintable(status.reason));
    }
};

QTEST_MAIN(TestPreferences)
#include "test_preferences.moc"
