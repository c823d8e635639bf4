// juxtactl start|stop|restart|kill|pause|resume|rm|ps|logs: detached containers. Parsing only; the
// lifecycle (engine/runtime/lifecycle) does the work.
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/signal_name.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/volumes.h"

namespace juxta::cli {
namespace {

// "juxtactl <command> [flags] CONTAINER..." applied to each container.
int forEachContainer(const Argv& argv, const char* command, const ArgSpec& spec,
                     const std::function<Status(const Args&, const std::string& id)>& action) {
    return forEachInstance(
        argv, spec, "CONTAINER", [command](const std::string& m) { return usageError(m, command); },
        runtime::resolveInstance, action);
}

}  // namespace

int cmdStart(const Argv& argv) {
    if (auto viaVm = forwardToVm("start", argv)) return *viaVm;
    return forEachContainer(argv, "start", {}, [](const Args&, const std::string& id) {
        return instances::start(runtime::containers(), id);
    });
}

int cmdStop(const Argv& argv) {
    if (auto viaVm = forwardToVm("stop", argv)) return *viaVm;
    return forEachContainer(argv, "stop", {.options = {"--time"}},
                            [](const Args& args, const std::string& id) -> Status {
                                auto timeout = stopGrace(args);
                                if (!timeout) return timeout.error();
                                return instances::stop(runtime::containers(), id, *timeout);
                            });
}

int cmdRestart(const Argv& argv) {
    return forEachContainer(argv, "restart", {.options = {"--time"}},
                            [](const Args& args, const std::string& id) -> Status {
                                auto timeout = stopGrace(args);
                                if (!timeout) return timeout.error();
                                return instances::restart(runtime::containers(), id, *timeout);
                            });
}

int cmdKill(const Argv& argv) {
    return forEachContainer(
        argv, "kill", {.options = {"--signal", "-s"}}, [](const Args& args, const std::string& id) -> Status {
            auto sig = parseSignal(args.value("--signal").value_or(args.value("-s").value_or("KILL")));
            if (!sig) return sig.error();
            return runtime::killInstance(id, *sig);
        });
}

int cmdPause(const Argv& argv) {
    if (auto viaVm = forwardToVm("pause", argv)) return *viaVm;
    return forEachContainer(argv, "pause", {}, [](const Args&, const std::string& id) {
        return instances::pause(runtime::containers(), id);
    });
}

int cmdResume(const Argv& argv) {
    if (auto viaVm = forwardToVm("resume", argv)) return *viaVm;
    return forEachContainer(argv, "resume", {}, [](const Args&, const std::string& id) {
        return instances::resume(runtime::containers(), id);
    });
}

int cmdRm(const Argv& argv) {
    if (auto viaVm = forwardToVm("rm", argv)) return *viaVm;
    return forEachContainer(argv, "rm", {.flags = {"-f", "--force", "--keep-volumes"}},
                            [](const Args& args, const std::string& id) -> Status {
                                // Its image's VOLUMEs go with it (removeData), unless given up first:
                                // then they stay — and are its own again when the removal is refused.
                                std::vector<std::string> kept;
                                if (args.has("--keep-volumes")) {
                                    auto released = runtime::releaseVolumesOf(id);
                                    if (!released) return released.error();
                                    kept = std::move(*released);
                                }
                                Status removed = instances::remove(runtime::containers(), id,
                                                                   args.has("-f") || args.has("--force"));
                                if (!removed) (void)runtime::adoptVolumes(kept, id);
                                return removed;
                            });
}

int cmdPs(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--json", "-a", "--all"}, .options = {"--filter"}});
    if (!args) return usageError(args.error().message(), "ps");
    if (!args->positionals().empty())
        return usageError("unexpected argument " + args->positionals()[0], "ps");
    // --filter label=KEY or label=KEY=VALUE (repeatable; all must hold), as Docker's ps takes it.
    std::vector<std::pair<std::string, std::optional<std::string>>> wanted;
    for (const std::string& f : args->values("--filter")) {
        if (!f.starts_with("label="))
            return usageError("--filter '" + f + "': only label=KEY or label=KEY=VALUE", "ps");
        const std::string label = f.substr(6);
        const auto eq = label.find('=');
        wanted.emplace_back(label.substr(0, eq),
                            eq == std::string::npos ? std::nullopt : std::optional(label.substr(eq + 1)));
    }
    const auto matches = [&wanted](const nlohmann::json& labels) {
        for (const auto& [key, value] : wanted) {
            const auto it = labels.find(key);
            if (it == labels.end() || !it->is_string() || (value && it->get<std::string>() != *value))
                return false;
        }
        return true;
    };
    auto all = runtime::listInstances();
    if (!all) return fail(all.error().message());
    const bool everything = args->has("-a") || args->has("--all");
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : *all) {
        const bool live = i.state.state == InstanceState::Running || i.state.state == InstanceState::Paused;
        if (!everything && !live) continue;
        std::string command;
        for (const auto& a : i.definition.spec.args) command += (command.empty() ? "" : " ") + a;
        nlohmann::json row = {{"id", i.definition.spec.id},
                              {"name", i.definition.spec.name},
                              {"image", i.definition.image},
                              {"command", command},
                              {"state", std::string(toString(i.state.state))},
                              {"status", i.describe()},
                              {"pid", i.state.pid},
                              {"address", i.state.address},
                              {"user_namespace", i.state.userNamespace},
                              {"started_at_ms", i.state.startedAtMs},
                              {"health", i.health ? runtime::toString(i.health->status) : ""}};
        std::vector<std::string> ports;
        for (const auto& p : i.definition.spec.ports) ports.push_back(p.toString());
        row["ports"] = ports;
        row["labels"] = i.definition.spec.labels;
        if (i.state.exit) row["exit_code"] = i.state.exit->shellCode();
        out.push_back(row);
    }
    for (auto& row : out) row["kind"] = "container";
    for (auto& row : vmPsRows(everything)) out.push_back(row);
    if (!wanted.empty()) {
        nlohmann::json kept = nlohmann::json::array();
        for (auto& row : out)
            if (matches(row.value("labels", nlohmann::json::object()))) kept.push_back(std::move(row));
        out = std::move(kept);
    }
    if (args->has("--json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-14s %-16s %-10s %-26s %-24s %s\n", "ID", "NAME", "IMAGE", "STATUS", "PORTS", "COMMAND");
    for (const auto& r : out) {
        std::string ports;
        for (const auto& p : r.value("ports", nlohmann::json::array()))
            ports += (ports.empty() ? "" : ",") + p.get<std::string>();
        std::printf("%-14s %-16s %-10s %-26s %-24s %s\n", r["id"].get<std::string>().c_str(),
                    r["name"].get<std::string>().c_str(), r["image"].get<std::string>().c_str(),
                    r["status"].get<std::string>().c_str(), ports.c_str(),
                    r["command"].get<std::string>().c_str());
    }
    return 0;
}

int cmdLogs(const Argv& argv) {
    if (auto viaVm = forwardToVm("logs", argv)) return *viaVm;
    auto args = Args::parse(argv, {.flags = {"-f", "--follow"}});
    if (!args) return usageError(args.error().message(), "logs");
    if (args->positionals().size() != 1) return usageError("give one CONTAINER", "logs");
    auto id = runtime::resolveInstance(args->positionals()[0]);
    if (!id) return fail(id.error().message());
    std::ifstream log(runtime::logFileOf(*id), std::ios::binary);
    const bool follow = args->has("-f") || args->has("--follow");
    char buf[8192];
    for (;;) {
        while (log.read(buf, sizeof buf) || log.gcount() > 0) {
            std::fwrite(buf, 1, std::size_t(log.gcount()), stdout);
            if (log.eof()) break;
        }
        std::fflush(stdout);
        if (!follow) return 0;
        const auto state = runtime::loadState(*id).state;
        if (state != InstanceState::Running && state != InstanceState::Paused) {
            log.clear();  // one last read of what it wrote as it exited
            while (log.read(buf, sizeof buf) || log.gcount() > 0) {
                std::fwrite(buf, 1, std::size_t(log.gcount()), stdout);
                if (log.eof()) break;
            }
            return 0;
        }
        log.clear();
        if (!log.is_open()) log.open(runtime::logFileOf(*id), std::ios::binary);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace juxta::cli
