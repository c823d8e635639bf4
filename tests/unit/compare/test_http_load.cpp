// The compose scenario's HTTP load (compare/http_load.h) against a small server in this test that
// answers every request with one canned reply: keep-alive with Content-Length, chunked, close-delimited
// and 5xx answers are counted as they should be; hostile ones — a header block over the bound, a body
// over it, a chunk size that does not parse, no answer at all — are errors, never a crash or a hang;
// bad requests are refused before anything connects.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTest>
#include <atomic>
#include <thread>

#include "compare/http_load.h"

using namespace juxta;
using namespace juxta::compare;

namespace {

// Answers each request (read up to its blank line) on every connection with `reply`; `close` ends
// each connection after one reply.
class CannedServer {
  public:
    // trickleMs: each byte of the reply alone, that long after the last one.
    CannedServer(std::string reply, bool close, int trickleMs = 0)
        : reply_(std::move(reply)), close_(close), trickleMs_(trickleMs) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd_, 64);
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        accept_ = std::thread([this] { acceptLoop(); });
    }
    ~CannedServer() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        accept_.join();
        for (std::thread& t : conns_) t.join();
        ::close(fd_);
    }
    uint16_t port() const { return port_; }

  private:
    void acceptLoop() {
        for (;;) {
            const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0 || stop_) {
                if (c >= 0) ::close(c);
                return;
            }
            conns_.emplace_back([this, c] { serve(c); });
        }
    }
    void serve(int c) {
        std::string in;
        char buf[4096];
        while (!stop_) {
            const auto end = in.find("\r\n\r\n");
            if (end != std::string::npos) {
                in.erase(0, end + 4);
                if (!sendReply(c) || close_) break;
                continue;
            }
            const ssize_t n = ::read(c, buf, sizeof buf);
            if (n <= 0) break;
            in.append(buf, std::size_t(n));
        }
        ::close(c);
    }
    bool sendReply(int c) {
        if (trickleMs_ == 0) return ::send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL) >= 0;
        for (char b : reply_) {
            if (stop_ || ::send(c, &b, 1, MSG_NOSIGNAL) < 0) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(trickleMs_));
        }
        return true;
    }
    std::string reply_;
    bool close_;
    int trickleMs_;
    int fd_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread accept_;
    std::vector<std::thread> conns_;
};

LoadRequest against(uint16_t port, int ms = 400) {
    LoadRequest r;
    r.port = port;
    r.connections = 2;
    r.duration = std::chrono::milliseconds(ms);
    r.timeout = std::chrono::milliseconds(300);
    return r;
}

}  // namespace

class TestHttpLoad : public QObject {
    Q_OBJECT

  private slots:
    void keepAliveAnswersAreCounted() {
        CannedServer server("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
                            false);
        auto run = runLoad(against(server.port()));
        QVERIFY2(run.ok(), run.ok() ? "" : run.error().message().c_str());
        const LoadFigures& f = run->figures;
        QVERIFY2(f.requests > 10, std::to_string(f.requests).c_str());
        QCOMPARE(f.errors, uint64_t(0));
        QCOMPARE(f.connections, 2);
        QVERIFY(f.p50Ms > 0 && f.p99Ms >= f.p50Ms);
        QVERIFY(f.requestsPerS > 0);
        QVERIFY(f.seconds > 0.3 && f.seconds < 1.0);
    }

    void chunkedAndCloseDelimitedBodiesAreRead() {
        CannedServer chunked(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n "
            "world\r\n0\r\nX-T: 1\r\n\r\n",
            false);
        auto a = runLoad(against(chunked.port()));
        QVERIFY(a.ok());
        QVERIFY(a->figures.requests > 10);
        QCOMPARE(a->figures.errors, uint64_t(0));
        CannedServer closing("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>busybox httpd</p>", true);
        auto b = runLoad(against(closing.port()));
        QVERIFY(b.ok());
        QVERIFY(b->figures.requests > 3);
        QCOMPARE(b->figures.errors, uint64_t(0));
    }

    void serverErrorsAreAnsweredButCountedAsErrors() {
        CannedServer server("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", false);
        auto run = runLoad(against(server.port()));
        QVERIFY(run.ok());
        QVERIFY(run->figures.requests > 0);
        QCOMPARE(run->figures.errors, run->figures.requests);
    }

    void hostileAnswersAreErrorsNeverAnswers() {
        const std::string bigHeader = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(70000, 'a') + "\r\n\r\n";
        const std::string replies[] = {
            bigHeader,
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n",                // over the body bound
            "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",                         // not a length
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",           // not a chunk size
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffff\r\n",  // a chunk over the bound
            "HTTP/1.1 2x0 OK\r\n\r\n",                                               // not a status
            "SSH-2.0-OpenSSH\r\n\r\n",                                               // not HTTP
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",  // never finished: times out
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        };
        for (const std::string& reply : replies) {
            CannedServer server(reply, false);
            auto run = runLoad(against(server.port(), 700));
            QVERIFY(run.ok());
            QVERIFY2(run->figures.errors > 0, reply.substr(0, 60).c_str());
            QCOMPARE(run->figures.requests, uint64_t(0));
            QCOMPARE(run->figures.p99Ms, 0.0);
        }
    }

    // A byte now and then, each well within the timeout of one read: the answer's own deadline ends it.
    void aTricklingAnswerEndsAtItsDeadline() {
        CannedServer server("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + std::string(100000, 'x'),
                            false, 20);
        const auto start = std::chrono::steady_clock::now();
        auto run = runLoad(against(server.port(), 500));
        QVERIFY(run.ok());
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
        QCOMPARE(run->figures.requests, uint64_t(0));
        QVERIFY(run->figures.errors > 0);
        LoadRequest r = against(server.port());
        r.timeout = std::chrono::milliseconds(0);
        QCOMPARE(runLoad(r).error().code(), EINVAL);
    }

    void nothingListeningIsErrors() {
        uint16_t port = 0;
        {
            CannedServer gone("", true);
            port = gone.port();
        }
        auto run = runLoad(against(port, 300));
        QVERIFY(run.ok());
        QCOMPARE(run->figures.requests, uint64_t(0));
        QVERIFY(run->figures.errors > 0);
    }

    void badRequestsAreRefused() {
        LoadRequest r = against(8000);
        r.port = 0;
        QCOMPARE(runLoad(r).error().code(), EINVAL);
        r = against(8000);
        r.path = "health";
        QVERIFY(runLoad(r).error().message().find("must start with /") != std::string::npos);
        r.path = "/a b";
        QCOMPARE(runLoad(r).error().code(), EINVAL);
        r = against(8000);
        r.connections = 65;
        QCOMPARE(runLoad(r).error().code(), EINVAL);
        r = against(8000);
        r.host = "localhost";
        QVERIFY(runLoad(r).error().message().find("IPv4") != std::string::npos);
    }

    void cancelledEndsEarly() {
        CannedServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        LoadRequest r = against(server.port(), 60000);
        std::atomic<int> asked{0};
        r.cancelled = [&] { return ++asked > 50; };
        const auto start = std::chrono::steady_clock::now();
        auto run = runLoad(r);
        QVERIFY(run.ok());
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
    }
};

QTEST_GUILESS_MAIN(TestHttpLoad)
#include "test_http_load.moc"
