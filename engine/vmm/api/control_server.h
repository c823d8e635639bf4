#pragma once
// The control socket: a Unix stream socket served by one thread (poll), each connection speaking
// the line-delimited JSON of protocol.h to the machine. A long request (exec) is answered from a
// thread of its own, so status, pause or stop still work while a command runs. The socket is 0600
// and a peer that is neither this process's user nor root is refused (SO_PEERCRED); it is removed
// on every way out (stop(), the destructor, a fatal signal).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::vmm {

class Machine;
class BootTimeline;
class ControlTarget;
class AgentChannel;

class ControlServer {
  public:
    static Result<std::unique_ptr<ControlServer>> start(const std::string& path, Machine& machine,
                                                        BootTimeline& timeline, AgentChannel& agent);
    ~ControlServer();
    void stop();  // closes the socket, removes its path, joins the threads

  private:
    // Ends the VM with a reason: what a thread of the server does with an exception.
    using Failure = std::function<void(const std::string&)>;
    ControlServer(std::string path, UniqueFd listener, UniqueFd wake, std::unique_ptr<ControlTarget> target,
                  Failure failure);
    void serve();
    bool answer(int fd, const std::string& line);
    void answerLater(int fd, std::string line);

    std::string path_;
    UniqueFd listener_;
    UniqueFd wake_;  // eventfd: tells serve() to return
    std::unique_ptr<ControlTarget> target_;
    Failure failure_;
    std::thread thread_;
    std::mutex sendMutex_;              // one answer at a time on a socket
    std::vector<std::thread> workers_;  // long requests; joined by stop()
};

}  // namespace juxta::vmm
