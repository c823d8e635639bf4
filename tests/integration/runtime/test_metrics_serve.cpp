// `juxtactl metrics serve` as operators use it: its /metrics passes `promtool check metrics`, and a
// real Prometheus (Debian's, started here on 127.0.0.1) scrapes it and returns a running container's
// series through its query API. A bad request gets an HTTP error, not a dead server.
#include <netinet/in.h>
#include <sys/socket.h>

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "core/unique_fd.h"

using namespace juxta;
using nlohmann::json;
using testing::juxtactl;

namespace {

int freePort() {
    UniqueFd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 ||
        ::getsockname(s.get(), reinterpret_cast<sockaddr*>(&a), &len) < 0)
        return -1;
    return ntohs(a.sin_port);
}

std::string bodyOf(const std::string& reply) {
    const auto at = reply.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : reply.substr(at + 4);
}

}  // namespace

class TestMetricsServe : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;
    QTemporaryDir dir_;
    QProcess serve_, prometheus_;
    int port_ = -1;

    std::string get(int port, const std::string& path) {
        return testing::ContainerFixture::httpGet("127.0.0.1", port, path);
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        auto created =
            juxtactl({"create", "--name", "scraped", "--memory", "64M", "busybox", "--", "sleep", "300"});
        QCOMPARE(created.code, 0);
        JUXTA_COMPARE_EXIT(juxtactl({"start", "scraped"}), 0);
        port_ = freePort();
        serve_.start(QStringLiteral(JUXTACTL),
                     {"metrics", "serve", "--listen", QString("127.0.0.1:%1").arg(port_)});
        QVERIFY(serve_.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(get(port_, "/").find("200 OK") != std::string::npos, 10000);
    }

    void metricsHaveEveryInstance() {
        QTRY_VERIFY_WITH_TIMEOUT(
            get(port_, "/metrics").find("juxta_memory_usage_bytes{id=") != std::string::npos, 10000);
        const std::string reply = get(port_, "/metrics");
        QVERIFY(reply.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
        const std::string body = bodyOf(reply);
        QVERIFY2(body.find("name=\"scraped\",kind=\"container\",image=\"busybox\"} ") != std::string::npos,
                 body.c_str());
        QVERIFY(body.find("juxta_memory_limit_bytes{") != std::string::npos);
        QVERIFY(body.find("juxta_instance_running{") != std::string::npos);
    }

    void promtoolAcceptsThem() {
        const QString promtool = QStandardPaths::findExecutable("promtool");
        if (promtool.isEmpty())
            QSKIP("promtool is not installed (setup.sh --test installs Debian's prometheus)");
        QProcess check;
        check.start(promtool, {"check", "metrics"});
        QVERIFY(check.waitForStarted());
        check.write(QByteArray::fromStdString(bodyOf(get(port_, "/metrics"))));
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(30000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardOutput() + check.readAllStandardError());
    }

    void prometheusScrapesThem() {
        const QString prometheus = QStandardPaths::findExecutable("prometheus");
        if (prometheus.isEmpty()) QSKIP("prometheus is not installed (setup.sh --test installs Debian's)");
        const QString config = dir_.filePath("prometheus.yml");
        std::ofstream(config.toStdString()) << "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                                               "  - job_name: juxta\n    static_configs:\n"
                                               "      - targets: ['127.0.0.1:"
                                            << port_ << "']\n";
        const int web = freePort();
        prometheus_.setProcessChannelMode(QProcess::MergedChannels);
        prometheus_.start(prometheus,
                          {"--config.file=" + config, "--storage.tsdb.path=" + dir_.filePath("tsdb"),
                           QString("--web.listen-address=127.0.0.1:%1").arg(web), "--log.level=warn"});
        QVERIFY(prometheus_.waitForStarted());
        const std::string query =
            "/api/v1/query?query=juxta_memory_usage_bytes%7Bname%3D%22scraped%22%7D";  // {name="scraped"}
        // Prometheus scrapes every second; its first samples come a few seconds after it starts.
        json answer;
        std::string last;
        QDeadlineTimer deadline(60000);
        for (;;) {
            last = get(web, query);
            answer = json::parse(bodyOf(last), nullptr, false);
            if (answer.is_object() && answer.value("status", "") == "success" && answer["data"].is_object() &&
                !answer["data"]["result"].empty())
                break;
            QVERIFY2(!deadline.hasExpired(), (last + "\n" + prometheus_.readAll().toStdString()).c_str());
            QTest::qWait(500);
        }
        const json series = answer["data"]["result"][0];
        QCOMPARE(series["metric"]["kind"].get<std::string>(), std::string("container"));
        QCOMPARE(series["metric"]["job"].get<std::string>(), std::string("juxta"));
        QVERIFY(std::stod(series["value"][1].get<std::string>()) > 0);
    }

    void badRequestsAreAnswered() {
        QVERIFY(get(port_, "/nothing").find("404 Not Found") != std::string::npos);
        // A request past libmicrohttpd's memory limit is refused (414, or the connection closed); the
        // server lives on.
        const std::string huge = get(port_, "/" + std::string(100000, 'a'));
        QVERIFY2(huge.find("200 OK") == std::string::npos, huge.substr(0, 200).c_str());
        QVERIFY(get(port_, "/metrics").find("200 OK") != std::string::npos);
        QCOMPARE(serve_.state(), QProcess::Running);
        auto bad = juxtactl({"metrics", "serve", "--listen", "localhost"});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("not ADDRESS:PORT"));
        auto taken = juxtactl({"metrics", "serve", "--listen", QString("127.0.0.1:%1").arg(port_)});
        QCOMPARE(taken.code, 1);  // the port is in use
    }

    void cleanupTestCase() {
        for (QProcess* p : {&prometheus_, &serve_})
            if (p->state() != QProcess::NotRunning) {
                p->terminate();
                p->waitForFinished(10000);
            }
        QCOMPARE(serve_.exitCode(), 0);  // SIGTERM ends it cleanly
        (void)juxtactl({"rm", "-f", "scraped"});
    }
};

QTEST_GUILESS_MAIN(TestMetricsServe)
#include "test_metrics_serve.moc"
