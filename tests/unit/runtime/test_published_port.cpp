// --publish as people type it: [IP:]HOSTPORT:PORT[/tcp], and the spec check that it needs a bridge.
#include <unistd.h>

#include <QTest>

#include "runtime/port_relay.h"
#include "runtime/spec.h"

using namespace juxta;
using namespace juxta::runtime;

class TestPublishedPort : public QObject {
    Q_OBJECT
  private slots:
    void goodForms_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        QTest::newRow("ports") << "18080:80"
                               << "127.0.0.1:18080->80/tcp";
        QTest::newRow("tcp") << "8443:443/tcp"
                             << "127.0.0.1:8443->443/tcp";
        QTest::newRow("ip") << "0.0.0.0:8080:80"
                            << "0.0.0.0:8080->80/tcp";
        QTest::newRow("limits") << "65535:1"
                                << "127.0.0.1:65535->1/tcp";
    }
    void goodForms() {
        QFETCH(QString, text);
        QFETCH(QString, shown);
        auto port = parsePublishedPort(text.toStdString());
        QVERIFY2(port.ok(), port ? "" : port.error().message().c_str());
        QCOMPARE(QString::fromStdString(port->toString()), shown);
    }
    void badForms_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("one port") << "8080"
                                  << "use [IP:]HOSTPORT:PORT[/tcp]";
        QTest::newRow("empty") << ""
                               << "use [IP:]HOSTPORT:PORT[/tcp]";
        QTest::newRow("four parts") << "1:2:3:4"
                                    << "use [IP:]HOSTPORT:PORT[/tcp]";
        QTest::newRow("zero") << "0:80"
                              << "outside 1..65535";
        QTest::newRow("too big") << "70000:80"
                                 << "outside 1..65535";
        QTest::newRow("container zero") << "8080:0"
                                        << "outside 1..65535";
        QTest::newRow("word") << "web:80"
                              << "is not a port number";
        QTest::newRow("sign") << "-1:80"
                              << "is not a port number";
        QTest::newRow("trailing") << "80x:80"
                                  << "is not a port number";
        QTest::newRow("udp") << "53:53/udp"
                             << "only tcp ports are published";
        QTest::newRow("bad ip") << "1.2.3:80:80"
                                << "is not an IPv4 address";
    }
    void badForms() {
        QFETCH(QString, text);
        QFETCH(QString, why);
        auto port = parsePublishedPort(text.toStdString());
        QVERIFY(!port.ok());
        QCOMPARE(port.error().code(), EINVAL);
        QVERIFY2(QString::fromStdString(port.error().message()).contains(why),
                 port.error().message().c_str());
    }
    void aPublishedPortNeedsTheBridge() {
        ContainerSpec spec;
        spec.id = "abc";
        spec.args = {"true"};
        spec.layers = {"/layers/busybox"};
        spec.mountBase = "/run/juxta/mnt";
        spec.ports = {*parsePublishedPort("18080:80")};
        auto refused = validate(spec);
        QVERIFY(!refused.ok());
        QVERIFY(QString::fromStdString(refused.error().message()).contains("needs --net bridge"));
        spec.network = Network::Bridge;
        if (::geteuid() == 0) QVERIFY(validate(spec).ok());  // a user is refused --net bridge itself
    }
};

QTEST_GUILESS_MAIN(TestPublishedPort)
#include "test_published_port.moc"
