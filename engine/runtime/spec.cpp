#include "runtime/spec.h"

#include <cctype>
#include <cerrno>

#include "runtime/user_namespace.h"

namespace juxta::runtime {

std::string PublishedPort::toString() const {
    return hostIp + ":" + std::to_string(hostPort) + "->" + std::to_string(containerPort) + "/tcp";
}

Status checkPublishedPorts(const std::vector<PublishedPort>& ports, Network network) {
    for (const auto& p : ports) {
        if (network != Network::Bridge)
            return Error(EINVAL,
                         "--publish " + p.toString() +
                             " needs --net bridge: the port is relayed to the container's bridge address");
        if (p.hostPort == 0 || p.containerPort == 0)
            return Error(EINVAL, "--publish " + p.toString() + ": port 0 (use 1..65535)");
    }
    return {};
}

Status validate(const ContainerSpec& spec) {
    auto bad = [](std::string what) { return Status(Error(EINVAL, std::move(what))); };
    if (spec.id.empty()) return bad("container id is empty");
    for (char c : spec.id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return bad("container id '" + spec.id +
                       "' has a character other than letters, digits, '-', '_', '.'");
    if (Status st = checkLabels(spec.labels); !st) return st;
    if (spec.args.empty() || spec.args[0].empty())
        return bad("no command to run — give one or use an image with a default");
    if (spec.layers.empty()) return bad("no image layers");
    for (const auto& l : spec.layers)
        if (!l.is_absolute()) return bad("layer path " + l.string() + " is not absolute");
    if (spec.upperDir.empty() != spec.workDir.empty())
        return bad("give both upper and work dirs, or neither");
    for (const auto* p : {&spec.upperDir, &spec.workDir, &spec.mountBase})
        if (!p->empty() && !p->is_absolute()) return bad("state path '" + p->string() + "' is not absolute");
    if (spec.mountBase.empty()) return bad("no mount base directory");
    if (spec.cwd.empty() || spec.cwd[0] != '/')
        return bad("working directory '" + spec.cwd + "' is not absolute");
    if (spec.hostname.size() > 64) return bad("hostname longer than 64 characters");
    const Limits& l = spec.limits;
    if (l.memoryBytes && *l.memoryBytes < 1024 * 1024) return bad("memory limit below 1 MiB");
    if (l.cpus && (*l.cpus < 0.01 || *l.cpus > 1024)) return bad("CPU limit outside 0.01..1024");
    if (l.cpuWeight && (*l.cpuWeight < 1 || *l.cpuWeight > 10000)) return bad("CPU weight outside 1..10000");
    if (l.pidsMax && *l.pidsMax < 1) return bad("pids limit below 1");
    for (const auto& m : spec.mounts) {
        const std::string& d = m.destination;
        if (d.empty() || d[0] != '/' || d.find("/../") != std::string::npos ||
            (d.size() >= 3 && d.compare(d.size() - 3, 3, "/..") == 0))
            return bad("mount destination '" + d + "' is not an absolute path without '..'");
        if (m.kind == MountSpec::Kind::Bind && !m.source.is_absolute())
            return bad("bind mount source '" + m.source.string() + "' is not absolute");
    }
    if (auto st = checkPublishedPorts(spec.ports, spec.network); !st) return st;
    for (const auto& e : spec.env)
        if (e.find('=') == std::string::npos) return bad("environment entry '" + e + "' has no '='");
    return checkRootlessSpec(spec);
}

}  // namespace juxta::runtime
