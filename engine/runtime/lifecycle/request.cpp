#include "runtime/lifecycle/request.h"

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "core/user_id.h"
#include "images/image_store.h"
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
    spec.args = images::commandLine(image->config, r.command);
    if (spec.args.empty()) return Error(EINVAL, "no command given and image '" + image->name + "' has none");
    if (!image->config.env.empty()) spec.env = image->config.env;
    spec.cwd = image->config.workingDir;
    if (auto st = applyUser(image->config.user, spec); !st) return st.error();
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
