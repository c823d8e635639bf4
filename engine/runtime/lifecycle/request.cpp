#include "runtime/lifecycle/request.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

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

namespace fs = std::filesystem;

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

constexpr std::size_t kMaxVolumeFlags = 128;
constexpr const char* kKernelPathsRefused =
    "a volume may not cover /proc, /sys or /dev, or go below them (the kernel's, made by the runtime)";

bool isKernelPath(const std::string& clean) {
    for (const char* k : {"/proc", "/sys", "/dev"}) {
        const std::size_t n = std::strlen(k);
        if (clean.compare(0, n, k) == 0 && (clean.size() == n || clean[n] == '/')) return true;
    }
    return false;
}

// "/a//b/" → "/a/b"; empty when not absolute or when it holds "..".
std::string cleanDestination(const std::string& path) {
    if (path.empty() || path[0] != '/') return {};
    std::string out;
    for (std::size_t pos = 1; pos <= path.size();) {
        std::size_t slash = path.find('/', pos);
        if (slash == std::string::npos) slash = path.size();
        const std::string part = path.substr(pos, slash - pos);
        if (part == "..") return {};
        if (!part.empty() && part != ".") out += "/" + part;
        pos = slash + 1;
    }
    return out.empty() ? "/" : out;
}

// The volumes a request mounts: its -v first, then the image's VOLUMEs that no -v covers. Made
// volumes are owned by `id`, so one removeVolumesOf undoes them; every -v is checked before any
// volume is made (a named volume made on demand is kept, as Docker's is, even if a later step fails).
Status addVolumes(const ContainerRequest& r, const images::Image& image, ContainerSpec& spec) {
    if (r.volumes.size() > kMaxVolumeFlags)
        return Error(E2BIG, "-v: more than " + std::to_string(kMaxVolumeFlags) + " volumes");
    std::vector<std::string> taken;
    for (const VolumeRequest& v : r.volumes) {
        const std::string where = cleanDestination(v.destination);
        if (isKernelPath(where)) return Error(EINVAL, "-v " + v.destination + ": " + kKernelPathsRefused);
        if (where.empty() || where == "/")
            return Error(
                EINVAL, "-v " + v.destination + ": the container path must be absolute, not /, without '..'");
        if (std::find(taken.begin(), taken.end(), where) != taken.end())
            return Error(EINVAL, "-v: " + where + " is mounted twice");
        taken.push_back(where);
        std::error_code ec;
        if (v.isBind() && !fs::exists(v.source, ec))
            return Error(ENOENT,
                         "-v " + v.source + ":" + v.destination + ": " + v.source + " does not exist");
    }
    const auto ownerOf = [&image](const std::string& path) {
        return images::directoryOwner(image.layerDirs, path);
    };
    for (std::size_t i = 0; i < r.volumes.size(); ++i) {
        const VolumeRequest& v = r.volumes[i];
        MountSpec m{MountSpec::Kind::Bind, {}, taken[i], v.readOnly, ""};
        if (v.isBind()) {
            m.source = fs::path(v.source).lexically_normal();
        } else {
            const images::DirectoryOwner owner = ownerOf(taken[i]);
            auto volume = v.source.empty() ? createVolume("", spec.id, owner.uid, owner.gid, owner.mode)
                                           : loadVolume(v.source);
            if (!volume && !v.source.empty() && volume.error().code() == ENOENT) {
                volume = createVolume(v.source, "", owner.uid, owner.gid, owner.mode);
                if (!volume && volume.error().code() == EEXIST)
                    volume = loadVolume(v.source);  // made meanwhile
            }
            if (!volume)
                return volume.error().wrap("-v " + (v.source.empty() ? taken[i] : v.source + ":" + taken[i]));
            if (!volume->owner.empty() && volume->owner != spec.id)
                return Error(EBUSY, "-v " + v.source + ": that volume belongs to container " + volume->owner +
                                        " (made for its image's VOLUME) and goes with it");
            m.source = volume->data;
            m.copyUp = v.copyUp;
        }
        spec.mounts.push_back(std::move(m));
    }
    for (const std::string& path : image.config.volumes) {
        if (std::find(taken.begin(), taken.end(), cleanDestination(path)) != taken.end()) continue;
        if (isKernelPath(path))
            return Error(EINVAL, "image '" + image.name + "': VOLUME " + path + ": " + kKernelPathsRefused);
        const images::DirectoryOwner owner = ownerOf(path);
        auto volume = createVolume("", spec.id, owner.uid, owner.gid, owner.mode);
        if (!volume) return volume.error().wrap("image '" + image.name + "': VOLUME " + path);
        spec.mounts.push_back({MountSpec::Kind::Bind, volume->data, path, false, "", true});
    }
    // Parents before what is below them (/var/lib before /var/lib/db), as Docker orders them: a
    // later mount must not hide an earlier one, and a parent's copy-up must not copy a child's.
    std::stable_sort(spec.mounts.begin(), spec.mounts.end(), [](const MountSpec& a, const MountSpec& b) {
        return std::count(a.destination.begin(), a.destination.end(), '/') <
               std::count(b.destination.begin(), b.destination.end(), '/');
    });
    return {};
}

}  // namespace

Result<VolumeRequest> parseVolumeFlag(const std::string& text) {
    VolumeRequest v;
    std::vector<std::string> parts;
    for (std::size_t pos = 0;;) {
        const std::size_t colon = text.find(':', pos);
        parts.push_back(text.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos));
        if (colon == std::string::npos) break;
        pos = colon + 1;
    }
    if (text.size() > 8192) return Error(EINVAL, "-v: longer than 8192 characters");
    const auto bad = [&text](const std::string& why) { return Error(EINVAL, "-v " + text + ": " + why); };
    if (parts.size() > 3) return bad("expected [SOURCE:]/PATH[:OPTIONS]");
    if (parts.size() == 1) {
        v.destination = parts[0];
    } else if (parts.size() == 2 && !parts[1].empty() && parts[1][0] != '/') {
        v.destination = parts[0];  // /path:ro — an anonymous volume with options
        parts = {"", parts[0], parts[1]};
    } else {
        v.source = parts[0];
        v.destination = parts[1];
        if (v.source.empty()) return bad("the source is empty");
    }
    if (v.destination.empty() || v.destination[0] != '/') return bad("the container path must be absolute");
    if (!v.source.empty() && !v.isBind() && !isValidVolumeName(v.source))
        return bad("'" + v.source +
                   "' is neither an absolute host path nor a volume name (1 to 64 letters, " +
                   "digits, '-', '_', '.')");
    if (parts.size() == 3) {
        std::size_t pos = 0;
        const std::string& opts = parts[2];
        while (pos <= opts.size()) {
            std::size_t comma = opts.find(',', pos);
            if (comma == std::string::npos) comma = opts.size();
            const std::string o = opts.substr(pos, comma - pos);
            if (o == "ro" || o == "readonly")
                v.readOnly = true;
            else if (o == "rw")
                v.readOnly = false;
            else if (o == "nocopy")
                v.copyUp = false;
            else if (o == "z" || o == "Z")
                return bad("SELinux relabelling (" + o +
                           ") is not done here: this host's mounts carry no labels");
            else
                return bad("unknown option '" + o + "' (ro, rw, nocopy)");
            pos = comma + 1;
        }
    }
    if (v.isBind() && !v.copyUp) return bad("nocopy is for volumes: a host directory is never filled");
    if (v.isBind()) v.copyUp = false;
    return v;
}

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
    spec.labels = r.labels;
    spec.terminal = r.terminal;
    if (spec.terminal && std::none_of(spec.env.begin(), spec.env.end(),
                                      [](const std::string& e) { return e.rfind("TERM=", 0) == 0; }))
        spec.env.push_back("TERM=xterm");
    spec.network = r.network;
    spec.ports = r.ports;
    std::vector<UniqueFd> heldPorts;  // a port asked for as 0 (compose's "80"): a free one
    for (PublishedPort& p : spec.ports)
        if (p.hostPort == 0) {
            auto free = freeLoopbackPort(heldPorts);
            if (!free) return free.error().wrap("publish port " + std::to_string(p.containerPort));
            p.hostPort = *free;
        }
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
    if (Status st = addVolumes(r, *image, spec); !st) {
        (void)removeVolumesOf(spec.id);
        return st.error();
    }
    return out;
}

}  // namespace juxta::runtime
