#include "runtime/lifecycle/request.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "core/signal_name.h"
#include "core/unique_fd.h"
#include "core/user_id.h"
#include "images/image_config.h"
#include "images/image_store.h"
#include "images/image_user.h"
#include "instances/definition_store.h"
#include "runtime/layout.h"
#include "runtime/lifecycle/volumes.h"

namespace juxta::runtime {
namespace {

// "uid[:gid]" from the image config (numeric only: there is no passwd lookup in the image yet).
Status applyUser(const std::string& user, ContainerSpec& spec) {
    if (user.empty()) return {};
    const std::size_t colon = user.find(':');
    auto uid = parseUserId(std::string_view(user).substr(0, colon), "image user '" + user + "': uid");
    if (!uid) return uid.error();
    auto gid = colon == std::string::npos
                   ? uid
                   : parseUserId(std::string_view(user).substr(colon + 1), "image user '" + user + "': gid");
    if (!gid) return gid.error();
    spec.uid = *uid;
    spec.gid = *gid;
    return {};
}

// A TCP port on 127.0.0.1 that nobody listens on now (the kernel's pick), for -P; `held` keeps its
// socket bound until every port is picked, so no two picks are one port. Taken by the container's
// relay when it starts; a port someone took in between refuses that start by name.
Result<uint16_t> freeLoopbackPort(std::vector<UniqueFd>& held) {
    UniqueFd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!s) return Error::fromErrno("socket");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 ||
        ::getsockname(s.get(), reinterpret_cast<sockaddr*>(&a), &len) < 0)
        return Error::fromErrno("pick a free port on 127.0.0.1");
    held.push_back(std::move(s));
    return ntohs(a.sin_port);
}

}  // namespace

Result<ResolvedRequest> resolveRequest(const ContainerRequest& r) {
    if (!r.name.empty())
        if (Status name = instances::checkName(r.name, "container name"); !name) return name.error();
    auto store = images::ImageStore::atDefaultLocation();
    auto image = store.resolve(r.image);
    if (!image) return image.error();

    ResolvedRequest out;
    out.image = image->name;
    ContainerSpec& spec = out.spec;
    spec.id = instances::newId();
    spec.name = r.name.empty() ? spec.id : r.name;
    spec.layers = image->layerDirs;
    images::ImageConfig config = image->config;
    if (r.entrypoint) {  // as Docker: a new entrypoint drops the image's Cmd too
        config.entrypoint = *r.entrypoint;
        config.cmd.clear();
    }
    for (const std::string& e : r.env) {
        const std::size_t eq = e.find('=');
        if (eq == 0 || eq == std::string::npos)
            return Error(EINVAL, "environment variable '" + e + "' is not KEY=VALUE");
        const std::string key = e.substr(0, eq + 1);
        auto same = std::find_if(config.env.begin(), config.env.end(),
                                 [&key](const std::string& have) { return have.rfind(key, 0) == 0; });
        if (same != config.env.end())
            *same = e;
        else
            config.env.push_back(e);
    }
    if (!r.workingDir.empty()) {
        if (r.workingDir[0] != '/')
            return Error(EINVAL, "working directory '" + r.workingDir + "' is not absolute");
        config.workingDir = r.workingDir;
    }
    if (!r.user.empty()) {  // names are looked up in the image's own files, never the host's
        auto numeric = images::numericUser(r.user, image->layerDirs);
        if (!numeric) return numeric.error();
        config.user = *numeric;
    }
    spec.args = images::commandLine(config, r.command);
    if (spec.args.empty()) return Error(EINVAL, "no command given and image '" + image->name + "' has none");
    if (!config.env.empty()) spec.env = config.env;
    spec.cwd = config.workingDir;
    if (auto st = applyUser(config.user, spec); !st) return st.error();
    if (const std::string stop = r.stopSignal.empty() ? config.stopSignal : r.stopSignal; !stop.empty()) {
        auto sig = parseSignal(stop);
        if (!sig)
            return sig.error().wrap(r.stopSignal.empty() ? "image '" + image->name + "': StopSignal"
                                                         : "--stop-signal");
        spec.stopSignal = *sig;
    }
    images::HealthCheck health = image->config.healthcheck;
    if (r.health.command) health.test = {"CMD-SHELL", *r.health.command};
    if (r.health.intervalMs) health.intervalMs = *r.health.intervalMs;
    if (r.health.timeoutMs) health.timeoutMs = *r.health.timeoutMs;
    if (r.health.startPeriodMs) health.startPeriodMs = *r.health.startPeriodMs;
    if (r.health.retries) health.retries = *r.health.retries;
    if (!r.health.disable) out.health = healthCheckOf(health);
    spec.readOnlyRoot = r.readOnlyRoot;
    spec.terminal = r.terminal;
    if (spec.terminal && std::none_of(spec.env.begin(), spec.env.end(),
                                      [](const std::string& e) { return e.rfind("TERM=", 0) == 0; }))
        spec.env.push_back("TERM=xterm");
    spec.network = r.network;
    spec.ports = r.ports;
    spec.limits = r.limits;
    if (!r.name.empty()) spec.hostname = r.name.substr(0, 63);
    if (r.publishAll) {
        if (r.network != Network::Bridge)
            return Error(EINVAL, "-P publishes ports on the bridge: add --net bridge");
        std::vector<UniqueFd> held;
        for (const uint16_t port : images::exposedTcpPorts(image->config)) {
            if (std::any_of(spec.ports.begin(), spec.ports.end(),
                            [port](const PublishedPort& p) { return p.containerPort == port; }))
                continue;  // --publish said where
            auto free = freeLoopbackPort(held);
            if (!free) return free.error().wrap("-P");
            spec.ports.push_back({"127.0.0.1", *free, port});
        }
    }
    const ContainerPaths where = containerPaths(spec.id, r.ephemeral);
    spec.mountBase = where.mountBase;
    spec.upperDir = where.upper;
    spec.workDir = where.work;
    for (const std::string& path : image->config.volumes) {
        const images::DirectoryOwner owner = images::directoryOwner(image->layerDirs, path);
        auto volume = createVolume("", spec.id, owner.uid, owner.gid, owner.mode);
        if (!volume) {
            (void)removeVolumesOf(spec.id);
            return volume.error().wrap("image '" + image->name + "': VOLUME " + path);
        }
        spec.mounts.push_back({MountSpec::Kind::Bind, volume->data, path, false, ""});
    }
    return out;
}

}  // namespace juxta::runtime
