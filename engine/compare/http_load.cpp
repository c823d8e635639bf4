#include "compare/http_load.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <system_error>
#include <thread>

#include "compare/stats.h"
#include "compare/variant.h"
#include "core/timeline.h"
#include "core/unique_fd.h"

namespace juxta::compare {
namespace {

constexpr std::size_t kMaxHeaderBytes = 64 << 10;
constexpr uint64_t kMaxBodyBytes = uint64_t(64) << 20;
constexpr std::size_t kMaxSamples = 1 << 20;  // latencies kept, all connections together (8 MiB)

// Bytes from one connection, read as the answer needs them.
class Reader {
  public:
    Reader(int fd, const std::function<bool()>& cancelled) : fd_(fd), cancelled_(cancelled) {}
    void setDeadline(int64_t ns) { deadlineNs_ = ns; }

    // One line without its CRLF, at most `max` bytes; nullopt on EOF, error, timeout or a longer line.
    std::optional<std::string> line(std::size_t max) {
        for (;;) {
            const std::size_t end = buf_.find("\r\n", pos_);
            if (end != std::string::npos) {
                std::string out = buf_.substr(pos_, end - pos_);
                pos_ = end + 2;
                return out;
            }
            if (buf_.size() - pos_ > max || !fill()) return std::nullopt;
        }
    }
    // Reads and drops n bytes; false when the connection ends first.
    bool skip(uint64_t n) {
        while (n > 0) {
            if (pos_ == buf_.size() && !fill()) return false;
            const uint64_t take = std::min<uint64_t>(n, buf_.size() - pos_);
            pos_ += take;
            n -= take;
        }
        return true;
    }
    // Reads until the peer closes, at most `max` bytes; false when more came or it failed.
    bool skipToEnd(uint64_t max) {
        uint64_t seen = buf_.size() - pos_;
        pos_ = buf_.size();
        while (fill()) {
            seen += buf_.size() - pos_;
            pos_ = buf_.size();
            if (seen > max) return false;
        }
        return eof_;
    }

  private:
    bool fill() {
        if (pos_ > 0) {
            buf_.erase(0, pos_);
            pos_ = 0;
        }
        for (;;) {  // wait in slices, so a cancel is seen within 100 ms
            const int64_t left = deadlineNs_ - monotonicNs();
            if (left <= 0 || (cancelled_ && cancelled_())) return false;
            pollfd p{fd_, POLLIN, 0};
            const int r = ::poll(&p, 1, int(std::min<int64_t>(left / 1'000'000 + 1, 100)));
            if (r > 0) break;
            if (r < 0 && errno != EINTR) return false;
        }
        char chunk[16384];
        const ssize_t n = ::read(fd_, chunk, sizeof chunk);
        if (n <= 0) {
            eof_ = n == 0;
            return false;
        }
        buf_.append(chunk, std::size_t(n));
        return true;
    }
    int fd_;
    const std::function<bool()>& cancelled_;
    int64_t deadlineNs_ = 0;
    std::string buf_;
    std::size_t pos_ = 0;
    bool eof_ = false;
};

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

struct Answer {
    int status = 0;
    bool keepAlive = true;
};

// One answer, read whole; nullopt when it is malformed, too big or does not come.
std::optional<Answer> readAnswer(Reader& in) {
    auto statusLine = in.line(kMaxHeaderBytes);
    if (!statusLine || statusLine->rfind("HTTP/1.", 0) != 0 || statusLine->size() < 12) return std::nullopt;
    Answer a;
    const std::string code = statusLine->substr(9, 3);
    if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    a.status = std::stoi(code);
    a.keepAlive = statusLine->compare(0, 8, "HTTP/1.0") != 0;
    std::optional<uint64_t> length;
    bool chunked = false;
    std::size_t headerBytes = statusLine->size();
    for (;;) {
        auto header = in.line(kMaxHeaderBytes);
        if (!header) return std::nullopt;
        headerBytes += header->size() + 2;
        if (headerBytes > kMaxHeaderBytes) return std::nullopt;
        if (header->empty()) break;
        const auto colon = header->find(':');
        if (colon == std::string::npos) return std::nullopt;
        const std::string name = lower(trim(header->substr(0, colon)));
        const std::string value = lower(trim(header->substr(colon + 1)));
        if (name == "content-length") {
            if (value.empty() || value.size() > 19 ||
                !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return std::nullopt;
            length = std::stoull(value);
            if (*length > kMaxBodyBytes) return std::nullopt;
        } else if (name == "transfer-encoding") {
            chunked = value.find("chunked") != std::string::npos;
        } else if (name == "connection") {
            if (value.find("close") != std::string::npos) a.keepAlive = false;
            if (value.find("keep-alive") != std::string::npos) a.keepAlive = true;
        }
    }
    if (a.status / 100 == 1 || a.status == 204 || a.status == 304) return a;
    if (chunked) {
        uint64_t total = 0;
        for (;;) {
            auto sizeLine = in.line(1024);
            if (!sizeLine) return std::nullopt;
            const std::string hex = trim(sizeLine->substr(0, sizeLine->find(';')));
            if (hex.empty() || hex.size() > 15 || !std::all_of(hex.begin(), hex.end(), [](char c) {
                    return std::isxdigit(static_cast<unsigned char>(c));
                }))
                return std::nullopt;
            const uint64_t size = std::stoull(hex, nullptr, 16);
            if ((total += size) > kMaxBodyBytes) return std::nullopt;
            if (size == 0) break;
            if (!in.skip(size)) return std::nullopt;
            auto end = in.line(2);
            if (!end || !end->empty()) return std::nullopt;
        }
        for (std::size_t trailers = 0;; ++trailers) {  // trailers, then the empty line
            auto trailer = in.line(kMaxHeaderBytes);
            if (!trailer || trailers > 100) return std::nullopt;
            if (trailer->empty()) break;
        }
        return a;
    }
    if (length) {
        if (!in.skip(*length)) return std::nullopt;
        return a;
    }
    a.keepAlive = false;  // the body ends where the connection does
    if (!in.skipToEnd(kMaxBodyBytes)) return std::nullopt;
    return a;
}

UniqueFd connectTo(const sockaddr_in& addr, std::chrono::milliseconds timeout) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fd;
    timeval tv{};
    tv.tv_sec = timeout.count() / 1000;
    tv.tv_usec = (timeout.count() % 1000) * 1000;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return UniqueFd();
    return fd;
}

struct ConnectionTally {
    std::vector<double> latencyMs;    // the first maxSamples answers' (p50/p99 are of those)
    std::vector<uint64_t> perSecond;  // answers in each whole second of the run, every one counted
    std::size_t maxSamples = 0;
    uint64_t requests = 0, errors = 0;
};

void drive(const LoadRequest& r, const sockaddr_in& addr, int64_t startNs, int64_t endNs, ConnectionTally& t,
           const std::atomic<bool>& stop) {
    const std::string request = "GET " + r.path + " HTTP/1.1\r\nHost: " + r.host + ":" +
                                std::to_string(r.port) +
                                "\r\nUser-Agent: juxta-compare\r\nAccept: */*\r\n\r\n";
    UniqueFd fd;
    std::optional<Reader> in;
    const int64_t timeoutNs = int64_t(std::chrono::nanoseconds(r.timeout).count());
    while (monotonicNs() < endNs && !stop && !(r.cancelled && r.cancelled())) {
        if (!fd) {
            fd = connectTo(addr, r.timeout);
            if (!fd) {
                ++t.errors;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));  // refused: do not spin
                continue;
            }
            in.emplace(fd.get(), r.cancelled);
        }
        const int64_t sentNs = monotonicNs();
        // Its answer by the timeout, and never long past the run's end (a second of grace).
        in->setDeadline(std::min(sentNs + timeoutNs, endNs + 1'000'000'000));
        std::optional<Answer> answer;
        if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size()))
            answer = readAnswer(*in);
        const int64_t doneNs = monotonicNs();
        if (!answer) {  // closed, reset, malformed or late: a new connection, after a breath (no spinning)
            ++t.errors;
            fd = UniqueFd();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        if (doneNs > endNs) break;  // answered after the end: not this run's
        ++t.requests;
        if (answer->status >= 500) ++t.errors;
        if (t.latencyMs.size() < t.maxSamples) t.latencyMs.push_back(msBetween(sentNs, doneNs));
        if (const auto second = std::size_t((doneNs - startNs) / 1'000'000'000); second < t.perSecond.size())
            ++t.perSecond[second];
        if (!answer->keepAlive) fd = UniqueFd();
    }
}

}  // namespace

std::optional<int> readHttpAnswer(int fd, int64_t deadlineNs) {
    const std::function<bool()> never;
    Reader in(fd, never);
    in.setDeadline(deadlineNs);
    auto answer = readAnswer(in);
    if (!answer) return std::nullopt;
    return answer->status;
}

Result<LoadRun> runLoad(const LoadRequest& r) {
    if (r.port == 0) return Error(EINVAL, "no port to load");
    if (r.path.empty() || r.path[0] != '/' || r.path.size() > 2048 ||
        r.path.find_first_of(" \r\n") != std::string::npos)
        return Error(EINVAL, "the path '" + r.path + "' must start with / and hold no space or line break");
    if (r.connections < 1 || r.connections > 64)
        return Error(EINVAL, "connections " + std::to_string(r.connections) + ": expected 1 to 64");
    if (r.duration.count() < 100 || r.duration > std::chrono::hours(1))
        return Error(EINVAL, "load time: expected 0.1 s to 1 h");
    if (r.timeout.count() < 1 || r.timeout > std::chrono::minutes(10))
        return Error(EINVAL, "answer timeout: expected 1 ms to 10 min");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(r.port);
    if (::inet_pton(AF_INET, r.host.c_str(), &addr.sin_addr) != 1)
        return Error(EINVAL, "'" + r.host + "' is not an IPv4 address");

    std::vector<ConnectionTally> tallies(std::size_t(r.connections));
    const auto wholeSeconds =
        std::size_t(std::chrono::duration_cast<std::chrono::seconds>(r.duration).count());
    for (ConnectionTally& t : tallies) {
        t.maxSamples = kMaxSamples / tallies.size();
        t.perSecond.assign(wholeSeconds, 0);
    }
    const int64_t startNs = monotonicNs();
    const int64_t endNs = startNs + int64_t(std::chrono::nanoseconds(r.duration).count());
    std::atomic<bool> stop{false};
    {
        std::vector<std::thread> threads;
        threads.reserve(tallies.size());
        try {
            for (ConnectionTally& t : tallies)
                threads.emplace_back([&r, &addr, startNs, endNs, &t, &stop] {
                    try {
                        drive(r, addr, startNs, endNs, t, stop);
                    } catch (
                        const std::exception&) {  // out of memory: this connection's tally is what it had
                        ++t.errors;
                    }
                });
        } catch (const std::system_error& e) {  // no thread for every connection: none of the run counts
            stop = true;
            for (std::thread& t : threads) t.join();
            return Error(EAGAIN, std::string("cannot start the load's connections: ") + e.what());
        }
        for (std::thread& t : threads) t.join();
    }
    const double seconds = std::max(1e-3, msBetween(startNs, std::min(monotonicNs(), endNs)) / 1000);
    LoadRun out;
    LoadFigures& f = out.figures;
    f.seconds = seconds;
    f.connections = r.connections;
    std::vector<double> latencies;
    std::vector<double> counts(wholeSeconds, 0.0);
    for (const ConnectionTally& t : tallies) {
        f.requests += t.requests;
        f.errors += t.errors;
        latencies.insert(latencies.end(), t.latencyMs.begin(), t.latencyMs.end());
        for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += double(t.perSecond[i]);
    }
    std::sort(latencies.begin(), latencies.end());
    f.requestsPerS = double(f.requests) / seconds;
    f.p50Ms = quantile(latencies, 0.50);
    f.p99Ms = quantile(latencies, 0.99);
    for (std::size_t i = 0; i < counts.size(); ++i)
        out.perSecond.emplace_back(double(i + 1) * 1000, counts[i]);
    return out;
}

}  // namespace juxta::compare
