#include "runtime/lifecycle/request.h"

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "core/signal_name.h"
#include "core/user_id.h"
#include "images/image_store.h"
#include "images/image_user.h"
#include "instances/definition_store.h"
#include "runtime/layout.h"

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
    spec.readOnlyRoot = r.readOnlyRoot;
    spec.terminal = r.terminal;
    if (spec.terminal && std::none_of(spec.env.begin(), spec.env.end(),
                                      [](const std::string& e) { return e.rfind("TERM=", 0) == 0; }))
        spec.env.push_back("TERM=xterm");
    spec.network = r.network;
    spec.ports = r.ports;
    spec.limits = r.limits;
    if (!r.name.empty()) spec.hostname = r.name.substr(0, 63);
    const ContainerPaths where = containerPaths(spec.id, r.ephemeral);
    spec.mountBase = where.mountBase;
    spec.upperDir = where.upper;
    spec.workDir = where.work;
    return out;
}

}  // namespace juxta::runtime
