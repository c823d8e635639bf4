#pragma once
// --publish [IP:]HOSTPORT:PORT[/tcp]: a TCP relay on the host, the way users of podman and docker
// expect a published port to behave — a connection to 127.0.0.1:HOSTPORT reaches PORT in a
// container on the Juxta bridge. No iptables rules (the bridge network is not NATed, network.h):
// whoever owns the container (its monitor, or `juxtactl run`) listens on the host side and
// copies bytes both ways, for as long as the container runs.
//
// One thread runs one poll() loop over the listeners and every connection; sockets are
// non-blocking, each direction has one buffer, and a side stops being read while its buffer
// waits for the other side to take it (back-pressure, no busy loop). A half-close travels on:
// EOF from one side becomes shutdown(SHUT_WR) on the other once its buffer is delivered.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"
#include "runtime/netlink.h"
#include "runtime/spec.h"

namespace juxta::runtime {

// "[IP:]HOSTPORT:PORT[/tcp]" → a PublishedPort (the host IP defaults to 127.0.0.1). EINVAL with
// what is wrong and the form to use.
Result<PublishedPort> parsePublishedPort(const std::string& text);

class PortRelay {
  public:
    // Binds and listens on each port's host side before anything else is made, so a port in use
    // refuses the container up front (EADDRINUSE, naming the port and what to do).
    static Result<std::unique_ptr<PortRelay>> listen(const std::vector<PublishedPort>& ports);
    // Relays every accepted connection to target:PORT on a thread of its own until destroyed.
    Status start(Ipv4 target);
    // Stops the thread; every connection and listener closes.
    ~PortRelay();
    PortRelay(const PortRelay&) = delete;
    PortRelay& operator=(const PortRelay&) = delete;

  private:
    struct Listener {
        UniqueFd fd;
        uint16_t containerPort;
    };
    PortRelay() = default;
    void run(Ipv4 target);

    std::vector<Listener> listeners_;
    UniqueFd stop_;  // an eventfd: written once to end the loop
    std::thread thread_;
};

}  // namespace juxta::runtime
