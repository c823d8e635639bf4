#pragma once
// A small rtnetlink client for what container networking needs: create a bridge and a veth pair
// (its peer in another network namespace), enslave and bring links up, add an IPv4 address and a
// default route, delete a link. Each call is one request answered by the kernel's ACK; errors
// carry the kernel's errno. Works in whatever network namespace the socket was opened in, so the
// container's init opens its own after clone.
#include <sys/types.h>

#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::runtime {

struct Ipv4 {
    uint32_t address = 0;  // network byte order
    std::string toString() const;
    static Result<Ipv4> parse(const std::string& text);
};

class Netlink {
  public:
    static Result<Netlink> open();

    // EEXIST when a link of that name exists.
    Status createBridge(const std::string& name);
    // hostName stays here; the peer is created as peerName in the network namespace of peerPid.
    Status createVethPair(const std::string& hostName, const std::string& peerName, pid_t peerPid);
    Status setMaster(const std::string& link, const std::string& master);
    Status setUp(const std::string& link);
    Status addAddress(const std::string& link, Ipv4 address, int prefixLength);
    Status addDefaultRoute(Ipv4 gateway);
    // ENODEV when there is no such link.
    Status deleteLink(const std::string& name);

  private:
    explicit Netlink(UniqueFd fd) : fd_(std::move(fd)) {}
    Status transact(std::string& message, const std::string& what);

    UniqueFd fd_;
    uint32_t sequence_ = 0;
};

// The index of a link in the caller's network namespace, or ENODEV.
Result<int> linkIndex(const std::string& name);

}  // namespace juxta::runtime
