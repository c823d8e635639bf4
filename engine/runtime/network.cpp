#include "runtime/network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "core/paths.h"

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

Status plugIntoBridge(const std::string& id, pid_t initPid) {
    const std::string context = "plug container " + id + " into " + kBridgeName;
    auto nl = Netlink::open();
    if (!nl) return nl.error().wrap(context);
    if (auto st = nl->createBridge(kBridgeName); !st && st.error().code() != EEXIST)
        return st.error().wrap(context);
    // Idempotent, so a bridge someone half set up (or took the address off) is mended.
    if (auto st = nl->addAddress(kBridgeName, bridgeGateway(), kBridgePrefixLength); !st)
        return st.error().wrap(context);
    if (auto st = nl->setUp(kBridgeName); !st) return st.error().wrap(context);
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
    if (auto st = nl->addAddress(kContainerLink, address, kBridgePrefixLength); !st) return st;
    if (auto st = nl->setUp(kContainerLink); !st) return st;
    return nl->addDefaultRoute(bridgeGateway());
}

}  // namespace juxta::runtime
