// --publish HOSTPORT:PORT with --net bridge: a connection to 127.0.0.1:HOSTPORT reaches PORT in
// the container, while it runs and again after a restart; nothing listens once it stopped; bad
// input and a port in use are refused with nothing made. The whole test runs in a network
// namespace of its own (unshared at the start, lo brought up), so the bridge and the published
// ports exist only in there.
#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTest>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "core/unique_fd.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/network.h"

using namespace juxta;
using testing::juxtactl;
namespace fs = std::filesystem;

namespace {

constexpr int kPort = 18080;
constexpr int kBusyPort = 18081;

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

bool listening(int port) {
    UniqueFd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const sockaddr_in to = loopback(port);
    return ::connect(sock.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0;
}

// Through the relay: the fixture's GET half-closes its side once the request is sent, so the
// reply only arrives if the relay passes the half-close on and keeps the other direction open.
std::string httpGet(int port, const std::string& path = "/index.html") {
    return testing::ContainerFixture::httpGet("127.0.0.1", port, path);
}

}  // namespace

class TestPublishedPorts : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;
    std::string webId;

    static QStringList webServer() {
        return {"busybox", "--", "sh", "-c",
                "mkdir -p /www && echo hello-published > /www/index.html && "
                "dd if=/dev/zero of=/www/big bs=1M count=4 2>/dev/null && exec httpd -f -p 80 -h /www"};
    }
    std::size_t containerCount() {
        auto ps = nlohmann::json::parse(juxtactl({"ps", "-a", "--json"}).out.toStdString());
        return std::size_t(
            std::count_if(ps.begin(), ps.end(), [](const auto& r) { return r["kind"] == "container"; }));
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        QVERIFY(::unshare(CLONE_NEWNET) == 0);
        auto nl = runtime::Netlink::open();
        QVERIFY(nl.ok());
        QVERIFY(nl->setUp("lo").ok());  // 127.0.0.1 exists in a new namespace only once lo is up
    }

    void aPublishedPortReachesTheContainer() {
        auto created = juxtactl(QStringList{"create", "--name", "web", "--net", "bridge", "--publish",
                                            QString::number(kPort) + ":80"} +
                                webServer());
        QCOMPARE(created.code, 0);
        webId = created.out.trimmed().toStdString();
        QVERIFY(!listening(kPort));  // create publishes nothing yet
        JUXTA_COMPARE_EXIT(juxtactl({"start", "web"}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(httpGet(kPort).find("hello-published") != std::string::npos, 5000);
        QVERIFY(httpGet(kPort).find("hello-published") != std::string::npos);  // and a second connection
        // More than the relay buffers at once arrives whole (4 MiB through 64 KiB buffers).
        const std::string big = httpGet(kPort, "/big");
        QVERIFY2(big.size() > 4u << 20 &&
                     big.compare(big.size() - (4u << 20), 4u << 20, std::string(4u << 20, '\0')) == 0,
                 qPrintable(QString::number(big.size())));
        auto ps = nlohmann::json::parse(juxtactl({"ps", "--json"}).out.toStdString());
        QCOMPARE(QString::fromStdString(ps[0]["ports"].dump()), QString(R"(["127.0.0.1:18080->80/tcp"])"));
        QVERIFY(juxtactl({"ps"}).out.contains("127.0.0.1:18080->80/tcp"));
    }

    void aStoppedContainerPublishesNothingAndARestartPublishesAgain() {
        // A connection open while the container stops is closed with it, not left hanging.
        UniqueFd open(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        const sockaddr_in to = loopback(kPort);
        QVERIFY(::connect(open.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0);
        QCOMPARE(juxtactl({"stop", "--time", "1", "web"}).code, 0);
        pollfd p{open.get(), POLLIN, 0};
        QCOMPARE(::poll(&p, 1, 5000), 1);  // a bound for a hang, not a speed check
        char byte;
        QVERIFY(::read(open.get(), &byte, 1) <= 0);
        QVERIFY(!listening(kPort));
        JUXTA_COMPARE_EXIT(juxtactl({"start", "web"}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(httpGet(kPort).find("hello-published") != std::string::npos, 5000);
        QCOMPARE(juxtactl({"rm", "-f", "web"}).code, 0);
        QVERIFY(!listening(kPort));
        QVERIFY(fx.leftovers(webId).empty());
    }

    void aPortInUseRefusesTheStart() {
        UniqueFd taken(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        const sockaddr_in at = loopback(kBusyPort);
        QVERIFY(::bind(taken.get(), reinterpret_cast<const sockaddr*>(&at), sizeof at) == 0);
        QVERIFY(::listen(taken.get(), 1) == 0);
        auto created = juxtactl(
            QStringList{"create", "--net", "bridge", "--publish", QString::number(kBusyPort) + ":80"} +
            webServer());
        QCOMPARE(created.code, 0);
        const std::string id = created.out.trimmed().toStdString();
        auto start = juxtactl({"start", QString::fromStdString(id)});
        QCOMPARE(start.code, 1);
        QVERIFY2(start.err.contains("127.0.0.1:18081 is in use"), qPrintable(start.err));
        QVERIFY(runtime::instanceStatus(id)->state.state == InstanceState::Created);
        QVERIFY(if_nametoindex(runtime::hostLinkName(id).c_str()) == 0);  // no veth was made
        QVERIFY(fx.leftovers(id).empty());
        QCOMPARE(juxtactl({"rm", QString::fromStdString(id)}).code, 0);
        // `run` is refused the same way, and keeps no container.
        const std::size_t before = containerCount();
        auto run = juxtactl(QStringList{"run", "--net", "bridge", "--publish",
                                        QString::number(kBusyPort) + ":80", "busybox", "--", "true"});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains("is in use"), qPrintable(run.err));
        QCOMPARE(containerCount(), before);
    }

    void badInputIsRefusedAndNothingMade_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("why");
        QTest::newRow("no bridge") << QStringList{"--publish", "18082:80"} << "needs --net bridge";
        QTest::newRow("port 0") << QStringList{"--net", "bridge", "--publish", "0:80"} << "outside 1..65535";
        QTest::newRow("too big") << QStringList{"--net", "bridge", "--publish", "18082:70000"}
                                 << "outside 1..65535";
        QTest::newRow("syntax") << QStringList{"--net", "bridge", "--publish", "18082"}
                                << "use [IP:]HOSTPORT:PORT[/tcp]";
        QTest::newRow("udp") << QStringList{"--net", "bridge", "--publish", "18082:80/udp"} << "only tcp";
        QTest::newRow("not an address here")
            << QStringList{"--net", "bridge", "--publish", "10.99.99.99:18082:80"}
            << "is not an address of this host";
    }
    void badInputIsRefusedAndNothingMade() {
        QFETCH(QStringList, options);
        QFETCH(QString, why);
        const std::size_t before = containerCount();
        for (const char* command : {"run", "create"}) {
            auto r = juxtactl(QStringList{command} + options + QStringList{"busybox", "--", "true"});
            if (QString(command) == "create" && why.contains("address of this host")) {
                // create makes a definition; the host side is bound only at start
                QCOMPARE(r.code, 0);
                const QString id = r.out.trimmed();
                auto start = juxtactl({"start", id});
                QCOMPARE(start.code, 1);
                QVERIFY2(start.err.contains(why), qPrintable(start.err));
                QCOMPARE(juxtactl({"rm", id}).code, 0);
                continue;
            }
            QVERIFY2(r.code != 0, command);
            QVERIFY2(r.err.contains(why), qPrintable(r.err));
        }
        QCOMPARE(containerCount(), before);
    }

    void cleanupTestCase() {
        if (webId.empty()) return;
        if (auto nl = runtime::Netlink::open()) QVERIFY(nl->deleteLink(runtime::kBridgeName).ok());
    }
};

QTEST_GUILESS_MAIN(TestPublishedPorts)
#include "test_published_ports.moc"
