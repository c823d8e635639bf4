// juxtactl volume create [NAME] | volume ls [--json] | volume rm [-f] VOLUME... | volume prune
// Parsing and printing only: runtime/lifecycle/volumes.h keeps the volumes; which container uses
// one is what the container definitions mount.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/volumes.h"
#include "vmm/lifecycle/vm_definition.h"

namespace juxta::cli {
namespace {

// Volume name → the names of the containers that mount it and the VMs whose disk it is.
Result<std::map<std::string, std::vector<std::string>>> usersOfVolumes() {
    auto all = runtime::listDefinitions();
    if (!all) return all.error();
    std::map<std::string, std::vector<std::string>> users;
    for (const auto& d : *all)
        for (const auto& m : d.spec.mounts)
            if (auto name = runtime::volumeNameOf(m)) users[*name].push_back(d.spec.name);
    auto vms = vmm::listVmDefinitions();
    if (!vms) return vms.error();
    for (const auto& d : *vms)
        for (const auto& disk : d.disks)
            if (auto name = runtime::volumeNameOfDisk(disk.file)) users[*name].push_back(d.name);
    return users;
}

// A kept volume (owned by no container), root-owned 0755 as Docker makes them; its name printed.
int volumeCreate(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "volume");
    if (args->positionals().size() > 1) return usageError("one NAME at most", "volume");
    const std::string name = args->positionals().empty() ? "" : args->positionals()[0];
    auto v = runtime::createVolume(name, "", ::geteuid(), ::getegid(), 0755);
    if (!v && v.error().code() == EEXIST) return fail("volume " + name + " exists already");
    if (!v && v.error().code() == EINVAL) return usageError(v.error().message(), "volume");
    if (!v) return fail(v.error().message());
    std::printf("%s\n", v->name.c_str());
    return 0;
}

int volumeList(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--json"}});
    if (!args) return usageError(args.error().message(), "volume");
    auto users = usersOfVolumes();
    if (!users) return fail(users.error().message());
    std::vector<std::string> unreadable;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : runtime::listVolumes(&unreadable)) {
        const auto used = users->find(v.name);
        out.push_back({{"name", v.name},
                       {"owner", v.owner},
                       {"used_by", used == users->end() ? std::vector<std::string>{} : used->second},
                       {"created_at_ms", v.createdAtMs},
                       {"path", v.data.string()}});
    }
    for (const auto& name : unreadable)
        std::fprintf(stderr, "juxtactl: volume %s: unreadable volume.json\n", name.c_str());
    if (args->has("--json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-64s  %-10s  %s\n", "VOLUME", "KIND", "USED BY");
    for (const auto& v : out) {
        std::string usedBy;
        for (const auto& n : v["used_by"]) usedBy += (usedBy.empty() ? "" : ", ") + n.get<std::string>();
        std::printf("%-64s  %-10s  %s\n", v["name"].get<std::string>().c_str(),
                    v["owner"].get<std::string>().empty() ? "kept" : "anonymous",
                    usedBy.empty() ? "-" : usedBy.c_str());
    }
    return 0;
}

// A volume a container mounts is refused; one a container owns too, unless -f: then it is the
// owner's that is gone (its definition was removed by hand).
int volumeRemove(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"-f", "--force"}});
    if (!args) return usageError(args.error().message(), "volume");
    if (args->positionals().empty()) return usageError("missing VOLUME", "volume");
    auto users = usersOfVolumes();
    if (!users) return fail(users.error().message());
    int code = 0;
    for (const auto& name : args->positionals()) {
        if (const auto used = users->find(name); used != users->end()) {
            code = fail("volume " + name + " is used by container " + used->second.front() +
                        " — remove the container first (`juxtactl rm " + used->second.front() + "`)");
            continue;
        }
        if (auto v = runtime::loadVolume(name);
            v && !v->owner.empty() && !args->has("-f") && !args->has("--force")) {
            code = fail("volume " + name + " belongs to container " + v->owner +
                        " and goes with it; if that container is gone, `juxtactl volume rm -f " + name + "`");
            continue;
        }
        if (Status st = runtime::removeVolume(name); !st) {
            code = fail(st.error().message());
            continue;
        }
        std::printf("%s\n", name.c_str());
    }
    return code;
}

// Every volume no container mounts and none owns (an owned one goes with its container).
int volumePrune(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "volume");
    if (!args->positionals().empty())
        return usageError("unexpected argument " + args->positionals()[0], "volume");
    auto users = usersOfVolumes();
    if (!users) return fail(users.error().message());
    int code = 0, removed = 0;
    for (const auto& v : runtime::listVolumes()) {
        if (!v.owner.empty() || users->count(v.name)) continue;
        if (Status st = runtime::removeVolume(v.name); !st) {
            if (st.error().code() == EBUSY) continue;  // a run uses it: not unused
            code = fail(st.error().message());
            continue;
        }
        ++removed;
    }
    std::printf("removed %d volume%s\n", removed, removed == 1 ? "" : "s");
    return code;
}

}  // namespace

int cmdVolume(const Argv& argv) {
    if (argv.empty()) return usageError("missing subcommand (create, ls, rm, prune)", "volume");
    const Argv rest(argv.begin() + 1, argv.end());
    if (argv[0] == "create") return volumeCreate(rest);
    if (argv[0] == "ls") return volumeList(rest);
    if (argv[0] == "rm") return volumeRemove(rest);
    if (argv[0] == "prune") return volumePrune(rest);
    return usageError("unknown subcommand '" + argv[0] + "'", "volume");
}

}  // namespace juxta::cli
