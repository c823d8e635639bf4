// juxtactl host [--json]
#include <cstdio>

#include "core/format.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "metrics/host_probe.h"

namespace juxta::cli {
namespace {

const char* yesNo(bool b) {
    return b ? "yes" : "no";
}

}  // namespace

int cmdHost(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--json"}});
    if (!args) return usageError(args.error().message(), "host");
    if (!args->positionals().empty())
        return usageError("unexpected argument " + args->positionals()[0], "host");

    const HostCapabilities c = probeHost();
    if (args->has("--json")) {
        std::printf("%s\n", toJson(c).c_str());
        return 0;
    }
    std::printf("host             %s (%s)\n", c.hostname.c_str(), c.kernel.c_str());
    std::printf("cpu              %s, %d cores\n", c.cpuModel.c_str(), c.cpuCount);
    std::printf("memory           %s\n", format::bytes(c.memoryTotal).c_str());
    std::printf("kvm              %s — %s\n", toString(c.kvm).c_str(), c.kvmDetail.c_str());
    std::printf("cgroups          %s — %s\n", toString(c.cgroupMode).c_str(), c.cgroupDetail.c_str());
    std::printf("user namespaces  %s — %s\n", yesNo(c.userNamespaces), c.userNamespacesDetail.c_str());
    std::printf("overlayfs        %s\n", yesNo(c.overlayfs));
    std::printf("/dev/net/tun     %s\n", yesNo(c.tun));
    std::printf("root             %s\n", yesNo(c.root));
    std::printf("/ is a mount     %s — %s\n", yesNo(c.rootIsMountPoint), c.rootMountDetail.c_str());
    return 0;
}

}  // namespace juxta::cli
