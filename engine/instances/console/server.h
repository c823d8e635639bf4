#pragma once
// The server side of an instance's console socket (wire format: protocol.h): any
// number of clients; what the pty produces goes to each of them, what they type goes to the pty,
// their resizes become TIOCSWINSZ on the pty master (the kernel sends SIGWINCH to the foreground
// group). Single-threaded and driven by the monitor's own poll() loop:
//
//   fds = {master, pidfd};  server.preparePoll(fds);  poll(fds);
//   ... server.broadcast(ptyOutput) ...;  server.handleEvents(&fds[2]);
//
// Nothing a client does can block the monitor or the container: every socket is non-blocking; a
// client that lets more than kMaxBacklog bytes of output pile up is disconnected (dropping bytes
// instead would cut escape sequences in half and garble its screen), a malformed frame closes
// only its client, and typed input the pty has not taken yet stops the reading of clients
// (back-pressure) instead of growing without bound.
#include <poll.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"
#include "instances/console/protocol.h"

namespace juxta::console {

class ConsoleServer {
  public:
    static constexpr std::size_t kMaxBacklog = 1u << 20;       // unsent output per client
    static constexpr std::size_t kMaxPendingInput = 64 << 10;  // typed bytes the pty has not taken
    static constexpr std::size_t kMaxClients = 256;            // more wait in the listen backlog

    // Listens on `path` (mode 0600; a stale socket there is replaced). Makes `ptyMaster`
    // non-blocking; the master stays the caller's.
    static Result<std::unique_ptr<ConsoleServer>> listen(const std::filesystem::path& path, int ptyMaster);
    ~ConsoleServer();  // disconnects every client and removes the socket
    ConsoleServer(const ConsoleServer&) = delete;
    ConsoleServer& operator=(const ConsoleServer&) = delete;

    // Forgets closed clients, then appends the fds to poll: the listener, the master (for
    // pending input), each client.
    void preparePoll(std::vector<pollfd>& fds);
    // Handles poll()'s results for the entries preparePoll() appended, in the same order.
    void handleEvents(const pollfd* fds);
    // Queues pty output for every client.
    void broadcast(std::string_view output);
    // One last non-blocking attempt to send what is queued (the container has ended).
    void flush();
    std::size_t clientCount() const { return clients_.size(); }

  private:
    struct Client {
        UniqueFd fd;
        std::string in;   // bytes of an incomplete frame
        std::string out;  // output the socket has not taken yet
        bool closed = false;
    };
    ConsoleServer(std::filesystem::path path, UniqueFd listener, int master);
    void acceptClients();
    void readFrom(Client& client);
    void sendTo(Client& client);
    bool apply(const Frame& frame);  // false: malformed
    void writePtyInput();

    std::filesystem::path path_;
    UniqueFd listener_;
    int master_;
    std::string ptyInput_;
    std::vector<Client> clients_;
    std::size_t polledClients_ = 0;
};

// The loop of a monitor that holds a terminal: copies what `master` produces to `logFd` and to
// the server's clients and serves the clients, until `pidFd` (a pidfd, or any fd that becomes
// readable when the watched process ends) fires; then drains what the terminal still holds.
// `waitForClient`: nothing is read from the terminal (its output waits there, a writer blocks
// once the pty is full) until the first client is in or that long has passed — so the one that
// started it (`juxtactl run -t`) sees its output from the first byte.
void pumpUntilExit(int master, int pidFd, int logFd, ConsoleServer& server,
                   std::chrono::milliseconds waitForClient = std::chrono::milliseconds(0));

}  // namespace juxta::console
