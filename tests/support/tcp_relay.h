#pragma once
// A TCP relay for the tests, put between a client and a server on 127.0.0.1 (TLS passes through it
// untouched): it can cut a connection in the middle of what the server sends, the way a dropped
// network does, to prove that a client resumes, and slow what the server sends to a given rate.
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace juxta::testing {

class TcpRelay {
  public:
    TcpRelay() = default;
    ~TcpRelay();
    TcpRelay(const TcpRelay&) = delete;
    TcpRelay& operator=(const TcpRelay&) = delete;

    // Listens on 127.0.0.1 (a free port, returned; 0 on failure), relaying to 127.0.0.1:upstreamPort.
    int start(int upstreamPort);
    // The next connection that carries more than `bytes` from the server is cut there, once.
    void cutOnceAfter(std::uint64_t bytes) { cutAfter_ = bytes; }
    int cuts() const { return cuts_; }
    // Each connection passes at most this many bytes a second from the server (0: as fast as it can).
    void limitRate(std::uint64_t bytesPerSecond) { rate_ = bytesPerSecond; }
    // What the server sent through it, over every connection.
    std::uint64_t bytesFromServer() const { return fromServer_; }

  private:
    void serve();
    void relay(int client);

    int listener_ = -1;
    int upstream_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> cutAfter_{0};
    std::atomic<int> cuts_{0};
    std::atomic<std::uint64_t> rate_{0};
    std::atomic<std::uint64_t> fromServer_{0};
    std::thread acceptor_;
    std::vector<std::thread> connections_;
};

}  // namespace juxta::testing
