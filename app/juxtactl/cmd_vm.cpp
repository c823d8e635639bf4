// juxtactl vm create|start|stop|pause|resume|rm|ps|logs|run: VMs run by juxta-vmm under their own
// monitor (engine/vmm/lifecycle). Parsing only; the lifecycle does the work.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/signal_name.h"
#include "images/image_store.h"
#include "images/image_user.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/limits.h"
#include "vmm/lifecycle/vm_lifecycle.h"

namespace juxta::cli {
namespace {

using nlohmann::json;

// The options create and run share: what to boot and with how much.
const ArgSpec kDefineSpec{
    .flags = {"--force", "--rm", "--start"},
    .options = {"--name", "--memory", "--vcpus", "--kernel", "--initrd", "--cmdline", "--disk", "--image",
                "--disk-size", "--root", "--net", "--publish", "-p", "--timings", "--time", "--label"}};

Result<vmm::VmDefinition> parseDefinition(const Args& args) {
    vmm::VmDefinition d;
    d.name = args.value("--name").value_or("");
    d.kernel = args.value("--kernel").value_or("");
    d.initrd = args.value("--initrd").value_or("");
    d.cmdline = args.value("--cmdline").value_or("");
    d.force = args.has("--force");
    // --disk FILE[:ro] (repeatable): kept as an absolute path, as the monitor runs elsewhere.
    for (const std::string& v : args.values("--disk")) {
        vmm::DiskConfig disk{v, false};
        if (v.size() > 3 && v.ends_with(":ro")) disk = {v.substr(0, v.size() - 3), true};
        if (disk.file.empty()) return Error(EINVAL, "--disk: give a raw image file (FILE or FILE:ro)");
        std::error_code ec;
        disk.file = std::filesystem::absolute(disk.file, ec).lexically_normal().string();
        d.disks.push_back(std::move(disk));
    }
    // --root /dev/vdXN: one of those disks as the root of the VM's commands (validate() checks it).
    d.root = args.value("--root").value_or("");
    if (args.positionals().size() > 1) return Error(EINVAL, "unexpected argument " + args.positionals()[1]);
    if (!args.positionals().empty()) d.image = args.positionals()[0];
    if (auto image = args.value("--image")) {
        if (!d.image.empty()) return Error(EINVAL, "give the image once (IMAGE or --image)");
        d.image = *image;
    }
    if (auto net = args.value("--net")) {
        if (*net != "none" && *net != "bridge") return Error(EINVAL, "--net '" + *net + "': none or bridge");
        d.network = *net;
    }
    // --publish [IP:]HOSTPORT:PORT (repeatable; -p too): on the bridge, as for a container.
    for (const char* option : {"--publish", "-p"})
        for (const std::string& p : args.values(option)) d.publish.push_back(p);
    if (!d.publish.empty() && !args.value("--net")) d.network = "bridge";
    if (auto size = args.value("--disk-size")) {
        auto bytes = runtime::parseMemory(*size);
        if (!bytes) return bytes.error().wrap("--disk-size");
        d.writableDiskMiB = uint64_t(*bytes) >> 20;
    }
    auto labels = labelFlags(args);
    if (!labels) return labels.error();
    d.labels = std::move(*labels);
    if (d.image.empty() && d.kernel.empty()) d.image = vmm::kTinyLinux;
    if (!d.image.empty() && !d.kernel.empty()) return Error(EINVAL, "give an IMAGE or --kernel, not both");
    if ((!d.initrd.empty() || !d.cmdline.empty()) && d.kernel.empty() && d.image != vmm::kTinyLinux)
        return Error(EINVAL, "--initrd and --cmdline go with --kernel");
    if (auto m = args.value("--memory")) {
        auto bytes = runtime::parseMemory(*m);
        if (!bytes) return bytes.error().wrap("--memory");
        d.memoryMiB = uint64_t(*bytes) >> 20;
    }
    if (auto v = args.value("--vcpus")) {
        char* end = nullptr;
        const long n = std::strtol(v->c_str(), &end, 10);
        if (v->empty() || !end || *end || n < 1 || n > 254)
            return Error(EINVAL, "--vcpus '" + *v + "': give a whole number from 1 to 254");
        d.vcpus = uint32_t(n);
    }
    return d;
}

int forEachVm(const Argv& argv, const char* usage, const ArgSpec& spec,
              const std::function<Status(const Args&, const std::string& id)>& action) {
    return forEachInstance(
        argv, spec, "VM",
        [usage](const std::string& m) { return fail(m + " — usage: juxtactl vm " + usage, 2); },
        vmm::resolveVm, action);
}

// What a container of the VM's image would run for `rest` (CMD; empty: the image's Cmd): Entrypoint +
// CMD, with the image's Env, WorkingDir and numeric User — for vm run's command and vm create's main
// process alike (`withStopSignal`: the image's StopSignal too, for a process that is stopped).
Result<vmm::VmService> imageProcess(const vmm::VmDefinition& d, const std::vector<std::string>& rest,
                                    bool withStopSignal = false) {
    images::ImageStore store = images::ImageStore::atDefaultLocation();
    auto image = store.resolve(d.image);
    if (!image) return image.error();
    const auto& c = image->config;
    vmm::VmService p;
    p.argv = images::commandLine(c, rest);
    p.env = c.env;
    p.cwd = c.workingDir.empty() ? "/" : c.workingDir;
    if (!c.user.empty()) {  // numeric, from the image's own /etc/passwd and /etc/group, as for a container
        auto user = images::numericUser(c.user, image->layerDirs);
        if (!user) return user.error();
        p.user = *user;
    }
    if (withStopSignal && !c.stopSignal.empty()) {
        auto signal = parseSignal(c.stopSignal);
        if (!signal) return signal.error().wrap("the image's StopSignal");
        p.stopSignal = *signal;
    }
    return p;
}

int vmCreate(const Argv& argv) {
    auto args = Args::parse(argv, kDefineSpec);
    if (!args)
        return fail(
            args.error().message() + " — usage: juxtactl vm create [OPTIONS] [IMAGE] [-- CMD ARGS...]", 2);
    auto d = parseDefinition(*args);
    if (!d) return fail(d.error().message(), 2);
    // -- CMD: the VM's main process, as a container's (Entrypoint + CMD, the image's Env, WorkingDir,
    // User and StopSignal): started at each start once the agent is ready, its end the VM's end.
    // Without it an image VM runs only its agent (a machine to exec into).
    if (!args->rest().empty()) {
        if (!vmm::bootsOciImage(*d))
            return fail(
                "vm create: -- CMD is for an image VM (--image REF); a kernel VM runs commands with vm run",
                2);
        auto service = imageProcess(*d, args->rest(), /*withStopSignal=*/true);
        if (!service) return fail(service.error().message(), 2);
        d->service = std::move(*service);
    }
    auto made = vmm::createVm(*d);
    if (!made) return fail(made.error().message(), made.error().code() == EINVAL ? 2 : 1);
    std::printf("%s\n", made->id.c_str());
    std::fflush(stdout);
    // --start: one answer for "create and start" (the GUI's dialog); a failed start leaves it defined.
    if (args->has("--start"))
        if (Status st = instances::start(vmm::vms(), made->id); !st) return fail(st.error().message());
    return 0;
}

int vmPs(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--json", "-a", "--all"}});
    if (!args) return fail(args.error().message() + " — usage: juxtactl vm ps [-a] [--json]", 2);
    const json out = vmPsRows(args->has("-a") || args->has("--all"));
    if (args->has("--json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-14s %-16s %-12s %-8s %-6s %s\n", "ID", "NAME", "IMAGE", "MEMORY", "VCPUS", "STATUS");
    for (const auto& r : out)
        std::printf("%-14s %-16s %-12s %-8s %-6u %s\n", r["id"].get<std::string>().c_str(),
                    r["name"].get<std::string>().c_str(), r["image"].get<std::string>().c_str(),
                    (std::to_string(r["memory_mib"].get<uint64_t>()) + "M").c_str(),
                    r["vcpus"].get<unsigned>(), r["status"].get<std::string>().c_str());
    return 0;
}

int vmLogs(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args || args->positionals().size() != 1) return fail("usage: juxtactl vm logs VM", 2);
    auto id = vmm::resolveVm(args->positionals()[0]);
    if (!id) return fail(id.error().message());
    std::ifstream log(vmm::vmLogFileOf(*id), std::ios::binary);
    std::fputs(std::string(std::istreambuf_iterator<char>(log), std::istreambuf_iterator<char>()).c_str(),
               stdout);
    return 0;
}

// Boots a VM, runs CMD through its agent, powers it off: the exit code is CMD's.
int vmRun(const Argv& argv) {
    auto args = Args::parse(argv, kDefineSpec);
    if (!args)
        return fail(args.error().message() + " — usage: juxtactl vm run [OPTIONS] [IMAGE] [-- CMD ARGS...]",
                    2);
    auto d = parseDefinition(*args);
    if (!d) return fail(d.error().message(), 2);
    // An image VM runs as a container of that image would: Entrypoint + (CMD or the image's Cmd),
    // its Env, WorkingDir and User, in the image's root.
    json exec = {{"cmd", "exec"}, {"argv", args->rest()}, {"timeout_ms", 600000}};
    if (vmm::bootsOciImage(*d)) {
        auto p = imageProcess(*d, args->rest());
        if (!p) return fail(p.error().message(), 2);
        exec["argv"] = p->argv;
        exec["env"] = p->env;
        exec["cwd"] = p->cwd;
        exec["in_image"] = true;
        if (!p->user.empty()) exec["user"] = p->user;
    }
    if (!d->root.empty()) exec["in_image"] = true;  // in the root disk, as in an image's root
    if (exec["argv"].empty())
        return fail("vm run: give the command to run after --, e.g. -- /bin/true (the image names none)", 2);
    auto made = vmm::createVm(*d);
    if (!made) return fail(made.error().message(), made.error().code() == EINVAL ? 2 : 1);
    const std::string id = made->id;
    const bool remove = args->has("--rm");
    auto cleanUp = [&] {
        if (remove) (void)instances::remove(vmm::vms(), id, /*force=*/true);
    };
    if (Status st = instances::start(vmm::vms(), id); !st) {
        cleanUp();
        if (!remove) (void)instances::remove(vmm::vms(), id, true);  // never started: nothing worth keeping
        return fail(st.error().message(), st.error().code() == EINVAL ? 2 : 1);
    }
    if (Status ready = vmm::waitForAgent(id, std::chrono::minutes(10)); !ready) {
        fail(ready.error().message());
        (void)instances::stop(vmm::vms(), id, std::chrono::seconds(0));
        cleanUp();
        return 1;
    }
    auto answer = vmm::callVmm(id, exec, std::chrono::minutes(11));
    int code = 1;
    if (answer) {
        std::fputs((*answer).value("stdout", std::string()).c_str(), stdout);
        std::fputs((*answer).value("stderr", std::string()).c_str(), stderr);
        const int signal = (*answer).value("signal", 0);
        code = signal ? 128 + signal : (*answer).value("exit_code", 1);
    } else {
        // The agent could not start it: like a shell, 127 for a missing program, 126 otherwise.
        const std::string why = answer.error().message();
        if (why.find("guest agent:") != std::string::npos)
            code = why.find("No such file or directory") != std::string::npos ? 127 : 126;
        fail(why);
    }
    std::fflush(stdout);
    (void)instances::stop(vmm::vms(), id, std::chrono::seconds(10));
    if (auto file = args->value("--timings")) {
        auto timeline = vmm::vmTimelineJson(id);
        std::ofstream out(*file, std::ios::trunc);
        if (timeline) out << *timeline << '\n';
        if (!timeline || !out) fail("--timings " + *file + ": could not write the timeline");
    }
    cleanUp();
    return code;
}

struct VmSubcommand {
    const char* name;
    int (*run)(const Argv&);
};

const VmSubcommand kSubcommands[] = {
    {"create", vmCreate},
    {"run", vmRun},
    {"start",
     [](const Argv& a) {
         return forEachVm(a, "start VM...", {}, [](const Args&, const std::string& id) {
             return instances::start(vmm::vms(), id);
         });
     }},
    {"stop",
     [](const Argv& a) {
         return forEachVm(a, "stop [--time S] VM...", {.options = {"--time"}},
                          [](const Args& args, const std::string& id) -> Status {
                              auto grace = stopGrace(args);
                              if (!grace) return grace.error();
                              return instances::stop(vmm::vms(), id, *grace);
                          });
     }},
    {"pause",
     [](const Argv& a) {
         return forEachVm(a, "pause VM...", {}, [](const Args&, const std::string& id) {
             return instances::pause(vmm::vms(), id);
         });
     }},
    {"resume",
     [](const Argv& a) {
         return forEachVm(a, "resume VM...", {}, [](const Args&, const std::string& id) {
             return instances::resume(vmm::vms(), id);
         });
     }},
    {"rm",
     [](const Argv& a) {
         return forEachVm(a, "rm [-f] VM...", {.flags = {"-f", "--force"}},
                          [](const Args& args, const std::string& id) {
                              return instances::remove(vmm::vms(), id, args.has("-f") || args.has("--force"));
                          });
     }},
    {"ps", vmPs},
    {"console", cmdConsole},
    {"logs", vmLogs},
};

}  // namespace

json vmPsRows(bool all) {
    json out = json::array();
    auto vms = vmm::listVms();
    if (!vms) return out;
    for (const auto& v : *vms) {
        const bool live = v.state.state == InstanceState::Running || v.state.state == InstanceState::Paused;
        if (!all && !live) continue;
        const auto& d = v.definition;
        out.push_back({{"id", d.id},
                       {"name", d.name},
                       {"kind", "vm"},
                       {"image", d.image.empty() ? d.kernel : d.image},
                       {"command", d.cmdline},
                       {"memory_mib", d.memoryMiB},
                       {"vcpus", d.vcpus},
                       {"state", std::string(toString(v.state.state))},
                       {"status", vmm::describe(v.state)},
                       {"pid", v.state.pid},
                       {"started_at_ms", v.state.startedAtMs},
                       {"labels", d.labels}});
    }
    return out;
}

std::optional<std::string> vmOnly(const std::string& name) {
    if (runtime::resolveInstance(name)) return std::nullopt;
    auto id = vmm::resolveVm(name);
    return id ? std::optional<std::string>(*id) : std::nullopt;
}

std::optional<int> forwardToVm(const char* subcommand, const Argv& argv) {
    for (const auto& a : argv) {
        if (a == "--") break;
        if (!a.empty() && a[0] != '-' && vmOnly(a)) {
            Argv forwarded{subcommand};
            forwarded.insert(forwarded.end(), argv.begin(), argv.end());
            return cmdVm(forwarded);
        }
    }
    return std::nullopt;
}

int cmdVm(const Argv& argv) {
    if (argv.empty()) return usageError("give a subcommand", "vm");
    for (const auto& sub : kSubcommands)
        if (argv[0] == sub.name) return sub.run(Argv(argv.begin() + 1, argv.end()));
    return usageError("unknown subcommand '" + argv[0] + "'", "vm");
}

}  // namespace juxta::cli
