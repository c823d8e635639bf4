#include "vmm/lifecycle/vm_lifecycle.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/paths.h"
#include "core/read_file.h"
#include "instances/console/protocol.h"
#include "instances/definition_store.h"
#include "instances/detached.h"
#include "vmm/lifecycle/vm_monitor.h"
#include "vmm/lifecycle/vm_prune.h"

namespace juxta::vmm {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Status requireLive(const std::string& id) {
    if (!instances::isLive(loadVmState(id).state)) return Error(ESRCH, "VM " + id + " is not running");
    return {};
}

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Waits until the monitor has recorded the end (its pid gone or the state no longer live).
bool waitForEnd(const std::string& id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!instances::isLive(loadVmState(id).state)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

}  // namespace

Result<json> callVmm(const std::string& id, const json& request, std::chrono::milliseconds timeout) {
    auto fd = console::connectSocket(vmApiSocketOf(id));
    if (!fd) return fd.error().wrap("VM " + id + ": its control socket");
    const std::string line = request.dump() + "\n";
    for (std::size_t done = 0; done < line.size();) {
        const ssize_t n = ::write(fd->get(), line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("VM " + id + ": write to its control socket");
        done += std::size_t(n);
    }
    std::string answer;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    while (answer.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return Error(ETIMEDOUT, "VM " + id + ": juxta-vmm did not answer " + request.dump());
        pollfd p{fd->get(), POLLIN, 0};
        if (::poll(&p, 1, int(left.count())) <= 0) continue;
        const ssize_t n = ::read(fd->get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Error(ECONNRESET, "VM " + id + ": juxta-vmm closed its control socket");
        answer.append(buf, std::size_t(n));
    }
    try {
        json j = json::parse(answer.substr(0, answer.find('\n')));
        if (!j.value("ok", false))
            return Error(EIO, "VM " + id + ": " + j.value("error", std::string("request refused")));
        return j;
    } catch (const json::exception& e) {
        return Error(EPROTO, "VM " + id + ": juxta-vmm's answer is not JSON: " + e.what());
    }
}

Result<VmDefinition> createVm(VmDefinition d) {
    if (d.name.empty()) d.name = "vm-" + instances::newId().substr(0, 6);
    if (auto st = validate(d); !st) return st.error();
    // Names only: a new name that happens to be the start of another VM's id is free.
    auto all = listVmDefinitions();
    if (!all) return all.error();
    for (const VmDefinition& other : *all)
        if (other.name == d.name)
            return Error(EEXIST, "a VM named " + d.name + " exists already; pick another name or remove it");
    d.id = instances::newId();
    d.createdAtMs = nowMs();
    if (auto st = saveVmDefinition(d); !st) {
        std::error_code ec;
        fs::remove_all(paths::dataDir() / "vms" / d.id, ec);
        return st.error();
    }
    return d;
}

Status startVm(const std::string& id) {
    auto d = loadVmDefinition(id);
    if (!d) return d.error();
    if (instances::isLive(loadVmState(id).state))
        return Error(EBUSY, "VM " + d->name + " is running already");
    auto reported = detached::spawnMonitor(vmMonitorExecutable(), id, "the monitor of VM " + d->name);
    if (!reported) return reported.error();
    return {};
}

Status stopVm(const std::string& id, std::chrono::milliseconds grace) {
    if (auto st = requireLive(id); !st) return st;
    // Paused vCPUs cannot power the guest off; let them run for the agent.
    if (loadVmState(id).state == InstanceState::Paused) (void)resumeVm(id);
    auto asked = callVmm(id, {{"cmd", "stop"}, {"grace_ms", grace.count()}});
    if (!asked) {
        // No control socket: juxta-vmm is wedged or gone; its monitor records the end.
        const VmState s = loadVmState(id);
        if (instances::isLive(s.state) && s.pid > 0) ::kill(s.pid, SIGKILL);
    }
    if (!waitForEnd(id, grace + std::chrono::seconds(10)))
        return Error(ETIMEDOUT,
                     "VM " + id + " did not end within " + std::to_string(grace.count() / 1000 + 10) + " s");
    return {};
}

Status pauseVm(const std::string& id) {
    if (auto st = requireLive(id); !st) return st;
    auto answer = callVmm(id, {{"cmd", "pause"}});
    if (!answer) return answer.error();
    std::ofstream(vmStateDirOf(id) / "paused").put('\n');
    return {};
}

Status resumeVm(const std::string& id) {
    if (auto st = requireLive(id); !st) return st;
    auto answer = callVmm(id, {{"cmd", "resume"}});
    if (!answer) return answer.error();
    std::error_code ec;
    fs::remove(vmStateDirOf(id) / "paused", ec);
    return {};
}

Result<json> vmStats(const std::string& id) {
    if (auto st = requireLive(id); !st) return st.error();
    auto answer = callVmm(id, {{"cmd", "stats"}});
    if (!answer) return answer.error();
    return (*answer)["stats"];
}

Result<std::string> vmTimelineJson(const std::string& id) {
    if (instances::isLive(loadVmState(id).state))
        if (auto answer = callVmm(id, {{"cmd", "timings"}}); answer) return (*answer)["timings"].dump();
    auto text = readFile(vmTimingsFileOf(id));
    if (!text && text.error().code() == ENOENT)
        return Error(ENOENT, "VM " + id + " has no start-up timeline yet");
    return text;
}

Status waitForAgent(const std::string& id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!instances::isLive(loadVmState(id).state))
            return Error(ECHILD, "VM " + id + " ended before its guest agent was ready");
        if (auto answer = callVmm(id, {{"cmd", "agent"}}); answer && answer->value("ready", false)) return {};
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Error(ETIMEDOUT, "VM " + id + ": the guest agent was not ready after " +
                                std::to_string(timeout.count() / 1000) + " s (see juxtactl vm logs)");
}

Status removeVm(const std::string& id, bool force) {
    auto d = loadVmDefinition(id);
    if (!d) return d.error();
    if (instances::isLive(loadVmState(id).state)) {
        if (!force)
            return Error(EBUSY, "VM " + d->name + " is running: stop it first, or remove it with --force");
        if (auto st = stopVm(id, std::chrono::milliseconds(0)); !st) return st;
    }
    // A juxta-vmm whose monitor and keeper were both killed outright (vm_prune.h).
    if (auto st = reclaimVmIfOrphaned(id); !st) return st.error().wrap("remove VM " + d->name);
    std::error_code ec;
    fs::remove_all(vmStateDirOf(id), ec);
    fs::remove(vmLogFileOf(id), ec);
    fs::remove_all(paths::dataDir() / "vms" / id, ec);
    if (ec) return Error(ec.value(), "remove VM " + id + ": " + ec.message());
    return {};
}

Result<std::vector<VmStatus>> listVms() {
    auto all = listVmDefinitions();
    if (!all) return all.error();
    std::vector<VmStatus> out;
    for (auto& d : *all) {
        VmState s = loadVmState(d.id);
        out.push_back({std::move(d), std::move(s)});
    }
    return out;
}

}  // namespace juxta::vmm
