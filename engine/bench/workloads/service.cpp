// service: one of the four small services of the "stack" scenario — web, db, cache, worker — each
// a real program doing real work in a loop, so the scenario can compare four containers with four
// VMs and see what one service running out of memory does to the other three.
//
//   web     an HTTP/1.0 server on 127.0.0.1 and a client asking it for a page (op: one request)
//   db      a table in memory and a file each insert is appended to and fsync'ed (op: one insert)
//   cache   a hash map of --mib MiB of 1 KiB values (op: one get and one set)
//   worker  a loop of CPU jobs (op: one job of 100 000 hash rounds)
//
// Like a service between requests, each works --duty percent of every 100 ms and waits the rest,
// so four of them leave the machine's CPUs to share rather than saturate them.
//
// Lines on stdout, each one JSON object, flushed at once (the harness reads them as they come):
//   {"service":"web","ready":true,"ready_ms":...}    when it can serve
//   {"service":"web","t_s":3,"ops":...,"ops_per_s":...}   every second
//   {"service":"cache","hog":true,"after_ready_ms":...}   --hog-after S seconds after ready: from
//                                                    then on it allocates and touches memory until killed
// and after --seconds the usual last line with the totals.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/workloads/workload.h"

namespace juxta::workloads {
namespace {

void line(const std::string& service, const std::string& fields) {
    std::printf("{\"service\":\"%s\",%s}\n", service.c_str(), fields.c_str());
    std::fflush(stdout);
}

// The web service: a listener thread answering each connection with a small page.
class Web {
  public:
    ~Web() {
        if (listener_ < 0) return;
        ::shutdown(listener_, SHUT_RDWR);  // wakes the accept
        if (server_.joinable()) server_.join();
        ::close(listener_);
    }
    std::string start() {
        bool broughtUp = false;
        if (!loopbackUp(broughtUp)) return "the loopback interface is down and cannot be brought up";
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        addr_.sin_family = AF_INET;
        addr_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr_;
        if (listener_ < 0 || ::bind(listener_, (sockaddr*)&addr_, sizeof addr_) != 0 ||
            ::listen(listener_, 64) != 0 || ::getsockname(listener_, (sockaddr*)&addr_, &len) != 0)
            return std::string("listen on 127.0.0.1: ") + std::strerror(errno);
        server_ = std::thread([this] { serve(); });
        return "";
    }
    // One GET; true when the page came back whole.
    bool request() {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return false;
        // Closed with a reset, not left in TIME_WAIT: thousands of requests a second would
        // otherwise run out of local ports.
        const linger reset{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        bool ok = ::connect(fd, (sockaddr*)&addr_, sizeof addr_) == 0;
        static const char get[] = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n";
        ok = ok && ::write(fd, get, sizeof get - 1) == ssize_t(sizeof get - 1);
        std::string reply;
        char buf[512];
        for (ssize_t n; ok && (n = ::read(fd, buf, sizeof buf)) > 0;) reply.append(buf, size_t(n));
        ::close(fd);
        return ok && reply.rfind("HTTP/1.0 200 OK", 0) == 0 && reply.find("</html>") != std::string::npos;
    }

  private:
    void serve() {
        static const char page[] =
            "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 46\r\n\r\n"
            "<html><body>juxta stack: web</body></html>\n\n\n";
        for (;;) {
            const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED) continue;
                return;  // shut down
            }
            char buf[512];
            std::string request;
            for (ssize_t n;
                 request.find("\r\n\r\n") == std::string::npos && (n = ::read(fd, buf, sizeof buf)) > 0;)
                request.append(buf, size_t(n));
            // A client that went away finds a short reply; the server goes on to the next.
            [[maybe_unused]] const ssize_t sent = ::write(fd, page, sizeof page - 1);
            ::close(fd);
        }
    }
    int listener_ = -1;
    sockaddr_in addr_{};
    std::thread server_;
};

// The db service: rows in memory, each insert appended to a file and made durable.
class Db {
  public:
    ~Db() {
        if (fd_ >= 0) ::close(fd_), ::unlink(path_.c_str());
    }
    std::string start(const std::string& dir) {
        path_ = dir + "/juxta-stack-db-" + std::to_string(::getpid());
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
        if (fd_ < 0) return path_ + ": " + std::strerror(errno);
        return "";
    }
    bool insert(uint64_t key) {
        std::string& row = table_[key % kRows];
        row = std::to_string(key) + ",row " + std::to_string(splitmix(key)) + "\n";
        if (::write(fd_, row.data(), row.size()) != ssize_t(row.size()) || ::fsync(fd_) != 0) return false;
        if (++written_ % kRows == 0 && ::ftruncate(fd_, 0) != 0) return false;  // the file stays small
        return true;
    }

  private:
    static constexpr uint64_t kRows = 50000;
    std::unordered_map<uint64_t, std::string> table_;
    std::string path_;
    int fd_ = -1;
    uint64_t written_ = 0;
};

// The cache service: --mib MiB of 1 KiB values by key.
class Cache {
  public:
    void fill(int64_t mib) {
        entries_ = uint64_t(mib) * 1024;
        for (uint64_t k = 0; k < entries_; ++k) map_[k].assign(1024, char('a' + k % 26));
    }
    bool getSet(uint64_t i) {
        const uint64_t a = splitmix(i) % entries_, b = splitmix(i + 1) % entries_;
        const auto it = map_.find(a);
        if (it == map_.end()) return false;
        map_[b] = it->second;
        return true;
    }

  private:
    std::unordered_map<uint64_t, std::string> map_;
    uint64_t entries_ = 1;
};

// Allocates and touches memory 1 MiB at a time, never giving any back, until the kernel kills it.
[[noreturn]] void hog(const std::string& service, double afterReadyMs) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "\"hog\":true,\"after_ready_ms\":%.3f", afterReadyMs);
    line(service, buf);
    std::vector<std::unique_ptr<char[]>> held;
    for (int64_t mib = 1;; ++mib) {
        std::unique_ptr<char[]> chunk(new (std::nothrow) char[1 << 20]);
        if (!chunk) {
            ::usleep(10000);  // no address space left yet: the OOM killer has not come
            continue;
        }
        std::memset(chunk.get(), int(mib), 1 << 20);
        held.push_back(std::move(chunk));
        if (mib % 16 == 0) line(service, "\"hog_mib\":" + std::to_string(mib));
    }
}

}  // namespace

Output runService(const Params& p) {
    const std::string role = p.text("role");
    int64_t seconds = 0, mib = 0, hogAfter = 0, duty = 0;
    std::string error;
    if (!p.positive("seconds", seconds, error) || !p.positive("mib", mib, error) ||
        !p.nonNegative("hog-after", hogAfter, error) || !p.positive("duty", duty, error))
        return Output::failure(error);
    if (duty > 100) return Output::failure("--duty " + std::to_string(duty) + ": a percentage, 1 to 100");
    const int64_t startNs = monotonicNs();
    Web web;
    Db db;
    Cache cache;
    std::function<bool(uint64_t)> op;
    if (role == "web") {
        if (std::string e = web.start(); !e.empty()) return Output::failure(e);
        op = [&](uint64_t) { return web.request(); };
    } else if (role == "db") {
        if (std::string e = db.start(p.text("dir")); !e.empty()) return Output::failure(e);
        op = [&](uint64_t i) { return db.insert(i); };
    } else if (role == "cache") {
        cache.fill(mib);
        op = [&](uint64_t i) { return cache.getSet(i); };
    } else if (role == "worker") {
        op = [](uint64_t i) {
            uint64_t h = i;
            for (int r = 0; r < 100000; ++r) h = splitmix(h ^ uint64_t(r));
            return h != 0 || i == 0;  // the result is used, so the job is done
        };
    } else {
        return Output::failure("--role '" + role + "': use web, db, cache or worker");
    }
    if (!op(0)) return Output::failure(role + ": the first operation failed: " + std::strerror(errno));
    const int64_t readyNs = monotonicNs();
    char buf[160];
    std::snprintf(buf, sizeof buf, "\"ready\":true,\"ready_ms\":%.3f", double(readyNs - startNs) / 1e6);
    line(role, buf);

    uint64_t ops = 1, opsThen = 1;
    int64_t tick = readyNs, period = readyNs;
    const int64_t endNs = readyNs + seconds * 1'000'000'000, hogNs = readyNs + hogAfter * 1'000'000'000;
    const int64_t busyNs = duty * 1'000'000;  // of every 100 ms
    for (int64_t now = readyNs; now < endNs; now = monotonicNs()) {
        if (hogAfter > 0 && now >= hogNs) hog(role, double(now - readyNs) / 1e6);
        // The report comes whether or not an operation fits now: a service starved of CPU wakes after
        // its busy part of each 100 ms and never gets to work — it reports next to nothing, not
        // nothing (a starved L1 of the testbed left the scenario's VMs silent for 30 s). Its time is
        // the seconds since ready, not a count of reports.
        if (now - tick >= 1'000'000'000) {
            std::snprintf(buf, sizeof buf, "\"t_s\":%lld,\"ops\":%llu,\"ops_per_s\":%.1f",
                          (long long)((now - readyNs) / 1'000'000'000), (unsigned long long)ops,
                          double(ops - opsThen) / (double(now - tick) / 1e9));
            line(role, buf);
            tick = now, opsThen = ops;
        }
        if (now - period >= busyNs) {  // a service waits between requests: the rest of the 100 ms
            period += 100'000'000;
            const timespec until{time_t(period / 1'000'000'000), long(period % 1'000'000'000)};
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr) == EINTR) {
            }
            continue;
        }
        if (!op(ops))
            return Output::failure(role + ": operation " + std::to_string(ops) +
                                   " failed: " + std::strerror(errno));
        ++ops;
    }
    Output o;
    o.add("role", role);
    o.add("ops", double(ops));
    o.add("ops_per_s", double(ops) / secondsSince(readyNs));
    return o;
}

}  // namespace juxta::workloads
