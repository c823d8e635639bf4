#include "runtime/netlink.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

namespace juxta::runtime {
namespace {

// Builds one netlink message: header, a family header, then attributes (nested ones too).
class Message {
  public:
    Message(uint16_t type, uint16_t flags) {
        nlmsghdr h{};
        h.nlmsg_type = type;
        h.nlmsg_flags = uint16_t(NLM_F_REQUEST | NLM_F_ACK | flags);
        append(&h, sizeof h);
    }
    template <typename T>
    void family(const T& header) {
        append(&header, sizeof header);
    }
    void attr(uint16_t type, const void* data, std::size_t size) {
        rtattr a{};
        a.rta_type = type;
        a.rta_len = uint16_t(RTA_LENGTH(size));
        append(&a, sizeof a);
        append(data, size);
    }
    void attr(uint16_t type, const std::string& s) { attr(type, s.c_str(), s.size() + 1); }
    void attr(uint16_t type, uint32_t v) { attr(type, &v, sizeof v); }
    std::size_t beginNested(uint16_t type) {
        const std::size_t at = bytes_.size();
        attr(type, nullptr, 0);
        return at;
    }
    void endNested(std::size_t at) {
        const uint16_t len = uint16_t(bytes_.size() - at);
        std::memcpy(bytes_.data() + at + offsetof(rtattr, rta_len), &len, sizeof len);
    }
    std::string& finish() {
        const uint32_t len = uint32_t(bytes_.size());
        std::memcpy(bytes_.data() + offsetof(nlmsghdr, nlmsg_len), &len, sizeof len);
        return bytes_;
    }

  private:
    void append(const void* data, std::size_t size) {
        bytes_.append(static_cast<const char*>(data), size);
        bytes_.resize(NLMSG_ALIGN(bytes_.size()), '\0');  // RTA_ALIGN is the same 4 bytes
    }
    std::string bytes_;
};

ifinfomsg linkHeader(int index = 0) {
    ifinfomsg i{};
    i.ifi_family = AF_UNSPEC;
    i.ifi_index = index;
    return i;
}

}  // namespace

std::string Ipv4::toString() const {
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &address, text, sizeof text);
    return text;
}

Result<Ipv4> Ipv4::parse(const std::string& text) {
    Ipv4 ip;
    if (::inet_pton(AF_INET, text.c_str(), &ip.address) != 1)
        return Error(EINVAL, "'" + text + "' is not an IPv4 address");
    return ip;
}

Result<int> linkIndex(const std::string& name) {
    const unsigned index = ::if_nametoindex(name.c_str());
    if (index == 0) return Error::fromErrno("network link " + name);
    return int(index);
}

Result<Netlink> Netlink::open() {
    UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd) return Error::fromErrno("netlink socket");
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) < 0)
        return Error::fromErrno("bind netlink socket");
    return Netlink(std::move(fd));
}

Status Netlink::transact(std::string& message, const std::string& what) {
    const uint32_t seq = ++sequence_;
    std::memcpy(message.data() + offsetof(nlmsghdr, nlmsg_seq), &seq, sizeof seq);
    if (::send(fd_.get(), message.data(), message.size(), 0) < 0) return Error::fromErrno(what);
    char buf[8192];
    for (;;) {
        const ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno(what);
        int left = int(n);
        for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR) continue;
            const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
            if (err->error == 0) return {};
            return Error::fromErrno(what, -err->error);
        }
    }
}

Status Netlink::createBridge(const std::string& name) {
    Message m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    m.family(linkHeader());
    m.attr(IFLA_IFNAME, name);
    const auto info = m.beginNested(IFLA_LINKINFO);
    m.attr(IFLA_INFO_KIND, std::string("bridge"));
    m.endNested(info);
    return transact(m.finish(), "create bridge " + name);
}

Status Netlink::createVethPair(const std::string& hostName, const std::string& peerName, pid_t peerPid) {
    Message m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    m.family(linkHeader());
    m.attr(IFLA_IFNAME, hostName);
    const auto info = m.beginNested(IFLA_LINKINFO);
    m.attr(IFLA_INFO_KIND, std::string("veth"));
    const auto data = m.beginNested(IFLA_INFO_DATA);
    const auto peer = m.beginNested(VETH_INFO_PEER);
    m.family(linkHeader());
    m.attr(IFLA_IFNAME, peerName);
    m.attr(IFLA_NET_NS_PID, uint32_t(peerPid));
    m.endNested(peer);
    m.endNested(data);
    m.endNested(info);
    return transact(m.finish(), "create veth pair " + hostName);
}

Status Netlink::setMaster(const std::string& link, const std::string& master) {
    auto index = linkIndex(link);
    if (!index) return index.error();
    auto masterIndex = linkIndex(master);
    if (!masterIndex) return masterIndex.error();
    Message m(RTM_NEWLINK, 0);
    m.family(linkHeader(*index));
    m.attr(IFLA_MASTER, uint32_t(*masterIndex));
    return transact(m.finish(), "attach " + link + " to " + master);
}

Status Netlink::setUp(const std::string& link) {
    auto index = linkIndex(link);
    if (!index) return index.error();
    Message m(RTM_NEWLINK, 0);
    ifinfomsg i = linkHeader(*index);
    i.ifi_flags = IFF_UP;
    i.ifi_change = IFF_UP;
    m.family(i);
    return transact(m.finish(), "bring " + link + " up");
}

Status Netlink::addAddress(const std::string& link, Ipv4 address, int prefixLength) {
    auto index = linkIndex(link);
    if (!index) return index.error();
    Message m(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
    ifaddrmsg a{};
    a.ifa_family = AF_INET;
    a.ifa_prefixlen = uint8_t(prefixLength);
    a.ifa_scope = RT_SCOPE_UNIVERSE;
    a.ifa_index = uint32_t(*index);
    m.family(a);
    m.attr(IFA_LOCAL, &address.address, 4);
    m.attr(IFA_ADDRESS, &address.address, 4);
    return transact(m.finish(), "add address " + address.toString() + " to " + link);
}

Status Netlink::addDefaultRoute(Ipv4 gateway) {
    Message m(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    rtmsg r{};
    r.rtm_family = AF_INET;
    r.rtm_table = RT_TABLE_MAIN;
    r.rtm_protocol = RTPROT_BOOT;
    r.rtm_scope = RT_SCOPE_UNIVERSE;
    r.rtm_type = RTN_UNICAST;
    m.family(r);
    m.attr(RTA_GATEWAY, &gateway.address, 4);
    return transact(m.finish(), "add default route via " + gateway.toString());
}

Status Netlink::deleteLink(const std::string& name) {
    auto index = linkIndex(name);
    if (!index) return index.error();
    Message m(RTM_DELLINK, 0);
    m.family(linkHeader(*index));
    return transact(m.finish(), "delete link " + name);
}

}  // namespace juxta::runtime
