#include "runtime/network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/paths.h"
#include "core/run_program.h"
#include "core/unique_fd.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kSubnet = 0x0a7b0000;  // 10.123.0.0/16, host order
constexpr const char* kContainerLink = "eth0";

fs::path leasesDir() {
    return paths::dataDir() / "network" / "leases";
}

Ipv4 hostAddress(uint32_t hostPart) {
    return Ipv4{htonl(kSubnet | hostPart)};
}

std::string readLease(const fs::path& file) {
    std::ifstream in(file);
    std::string id;
    std::getline(in, id);
    return id;
}

}  // namespace

Ipv4 bridgeGateway() {
    return hostAddress(1);
}

std::optional<Ipv4> leasedAddress(const std::string& id) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(leasesDir(), ec))
        if (readLease(entry.path()) == id)
            if (auto ip = Ipv4::parse(entry.path().filename().string())) return *ip;
    return std::nullopt;
}

Result<Ipv4> leaseAddress(const std::string& id) {
    if (auto held = leasedAddress(id)) return *held;
    auto dir = paths::ensureDir(leasesDir());
    if (!dir) return dir.error().wrap("lease an address");
    const uint32_t hosts = (1u << (32 - kBridgePrefixLength)) - 1;  // the last one is the broadcast
    for (uint32_t host = 2; host < hosts; ++host) {
        const Ipv4 ip = hostAddress(host);
        const fs::path file = *dir / ip.toString();
        UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (!fd && errno == EEXIST) continue;
        if (!fd) return Error::fromErrno("lease " + file.string());
        const std::string line = id + "\n";
        if (::write(fd.get(), line.data(), line.size()) != ssize_t(line.size())) {
            const Error e = Error::fromErrno("lease " + file.string());
            ::unlink(file.c_str());
            return e;
        }
        return ip;
    }
    return Error(EADDRNOTAVAIL, "lease an address: every address of the bridge network is taken");
}

void releaseAddress(const std::string& id) {
    while (auto ip = leasedAddress(id)) {
        std::error_code ec;
        if (!fs::remove(leasesDir() / ip->toString(), ec)) return;
    }
}

std::vector<std::string> leaseHolders() {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(leasesDir(), ec))
        if (std::string id = readLease(entry.path()); !id.empty()) ids.push_back(std::move(id));
    return ids;
}

std::string hostLinkName(const std::string& id) {
    return "jx" + id.substr(0, 12);
}

namespace {

// Where bridged frames go through iptables (br_netfilter: Docker loads it, and sets the FORWARD
// chain's policy to DROP), juxta0's own traffic is accepted — one rule, inserted once — or its
// containers and VMs would no longer reach each other. Best effort: without iptables there is
// nothing that could have dropped it through iptables; a rule that cannot be written leaves the
// bridge as it was (its traffic then as the host's firewall says).
void acceptBridgeTraffic() {
    std::ifstream flag("/proc/sys/net/bridge/bridge-nf-call-iptables");
    if (char c = 0; !(flag >> c) || c != '1') return;
    const std::vector<std::string> rule = {"-i", kBridgeName, "-o",        kBridgeName,
                                           "-m", "comment",   "--comment", "juxta: instances on juxta0",
                                           "-j", "ACCEPT"};
    // Debian's iptables by its path (not whatever PATH finds first).
    const char* program = ::access("/usr/sbin/iptables", X_OK) == 0 ? "/usr/sbin/iptables" : "/sbin/iptables";
    const auto iptables = [&rule, program](std::vector<std::string> argv) {
        argv.insert(argv.begin(), {program, "-w", "5"});
        argv.insert(argv.end(), rule.begin(), rule.end());
        auto run = runProgram(argv);
        return run && run->status == 0;
    };
    if (iptables({"-C", "FORWARD"})) return;
    // Two starts at once: one looks and inserts while the other waits (the rule goes in once).
    UniqueFd lock;
    if (auto dir = paths::ensureDir(paths::runtimeDir() / "network"); dir)
        lock.reset(::open((*dir / "iptables.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (lock) (void)::flock(lock.get(), LOCK_EX);
    if (!iptables({"-C", "FORWARD"})) (void)iptables({"-I", "FORWARD", "1"});
}

// "1" into /proc/sys/net/ipv6/conf/<link>/disable_ipv6 of the calling thread's network namespace:
// juxta0 is IPv4 only. Without IPv6 on a link nothing there takes a router or neighbour
// advertisement from it — one that any tenant (a container, a guest) could send to move the host's
// or the other tenants' IPv6 routes onto itself. A kernel without IPv6 has no such file: nothing to do.
Status noIpv6On(const std::string& link) {
    const std::string path = "/proc/sys/net/ipv6/conf/" + link + "/disable_ipv6";
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) return errno == ENOENT ? Status() : Error::fromErrno("IPv6 off on " + link + ": open " + path);
    if (::write(fd.get(), "1", 1) != 1) return Error::fromErrno("IPv6 off on " + link + ": write " + path);
    return {};
}

// The bridge with its address, up: made if missing; idempotent, so a bridge someone half set up
// (or took the address off) is mended.
Status ensureBridge(Netlink& nl) {
    if (auto st = nl.createBridge(kBridgeName); !st && st.error().code() != EEXIST) return st;
    if (auto st = nl.addAddress(kBridgeName, bridgeGateway(), kBridgePrefixLength); !st) return st;
    if (auto st = noIpv6On(kBridgeName); !st) return st;
    if (auto st = nl.setUp(kBridgeName); !st) return st;
    acceptBridgeTraffic();
    return {};
}

}  // namespace

Status plugTapIntoBridge(const std::string& id) {
    const std::string context = "plug VM " + id + " into " + kBridgeName;
    auto nl = Netlink::open();
    if (!nl) return nl.error().wrap(context);
    if (Status st = ensureBridge(*nl); !st) return st.error().wrap(context);
    const std::string tap = hostLinkName(id);
    if (::if_nametoindex(tap.c_str()) == 0) {  // a restart finds the one its last run left
        UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_CLOEXEC));
        if (!fd) return Error::fromErrno("open /dev/net/tun").wrap(context);
        ifreq ifr{};
        std::snprintf(ifr.ifr_name, IFNAMSIZ, "%s", tap.c_str());
        ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
        if (::ioctl(fd.get(), TUNSETIFF, &ifr) < 0 || ::ioctl(fd.get(), TUNSETPERSIST, 1) < 0)
            return Error::fromErrno("make tap " + tap).wrap(context);
    }
    Status st = nl->setMaster(tap, kBridgeName);
    if (st) st = nl->setUp(tap);
    if (!st) (void)nl->deleteLink(tap);
    return st ? st : st.error().wrap(context);
}

Status plugIntoBridge(const std::string& id, pid_t initPid) {
    const std::string context = "plug container " + id + " into " + kBridgeName;
    auto nl = Netlink::open();
    if (!nl) return nl.error().wrap(context);
    if (Status st = ensureBridge(*nl); !st) return st.error().wrap(context);
    const std::string host = hostLinkName(id);
    if (auto st = nl->createVethPair(host, kContainerLink, initPid); !st) return st.error().wrap(context);
    Status st = nl->setMaster(host, kBridgeName);
    if (st) st = nl->setUp(host);
    if (!st) (void)nl->deleteLink(host);
    return st ? st : st.error().wrap(context);
}

Status unplugFromBridge(const std::string& id) {
    auto nl = Netlink::open();
    if (!nl) return nl.error();
    if (auto st = nl->deleteLink(hostLinkName(id)); !st && st.error().code() != ENODEV) return st;
    return {};
}

Status configureContainerLink(Ipv4 address) {
    auto nl = Netlink::open();
    if (!nl) return nl.error();
    if (auto st = noIpv6On(kContainerLink); !st) return st;  // before it is up: no advertisement taken
    if (auto st = nl->addAddress(kContainerLink, address, kBridgePrefixLength); !st) return st;
    if (auto st = nl->setUp(kContainerLink); !st) return st;
    return nl->addDefaultRoute(bridgeGateway());
}

}  // namespace juxta::runtime
