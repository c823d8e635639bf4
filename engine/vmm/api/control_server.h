#pragma once
// The control socket: a Unix stream socket served by one thread (poll), each connection speaking
// the line-delimited JSON of protocol.h to the machine.
#include <memory>
#include <string>
#include <thread>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::vmm {

class Machine;
class BootTimeline;
class ControlTarget;

class ControlServer {
  public:
    static Result<std::unique_ptr<ControlServer>> start(const std::string& path, Machine& machine,
                                                        BootTimeline& timeline);
    ~ControlServer();
    void stop();  // closes the socket, removes its path, joins the thread

  private:
    ControlServer(std::string path, UniqueFd listener, UniqueFd wake, std::unique_ptr<ControlTarget> target);
    void serve();

    std::string path_;
    UniqueFd listener_;
    UniqueFd wake_;  // eventfd: tells serve() to return
    std::unique_ptr<ControlTarget> target_;
    std::thread thread_;
};

}  // namespace juxta::vmm
