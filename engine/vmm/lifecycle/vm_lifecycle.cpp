#include "vmm/lifecycle/vm_lifecycle.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/paths.h"
#include "core/read_file.h"
#include "instances/console/protocol.h"
#include "instances/definition_store.h"
#include "instances/detached.h"
#include "runtime/network.h"
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

Status ask(const std::string& id, const char* command) {
    auto answer = callVmm(id, {{"cmd", command}});
    if (!answer) return answer.error();
    return {};
}

// VMs as the shared lifecycle sees them (instances/lifecycle.h).
class Vms final : public instances::Kind {
  public:
    InstanceKind kind() const override { return InstanceKind::Vm; }
    const char* noun() const override { return "VM"; }
    Result<std::string> nameOf(const std::string& id) const override {
        auto d = loadVmDefinition(id);
        if (!d) return d.error();
        return d->name;
    }
    instances::StateRecord record(const std::string& id) const override { return loadVmState(id); }
    Status launch(const std::string& id) const override {
        auto name = nameOf(id);
        if (!name) return name.error();
        auto reported = detached::spawnMonitor(vmMonitorExecutable(), id, "the monitor of VM " + *name);
        if (!reported) return reported.error();
        return {};
    }
    // The guest's agent is asked to power off; juxta-vmm forces it after the grace period. With no
    // control socket juxta-vmm is wedged or gone: it is killed, and its monitor records the end.
    Status end(const std::string& id, std::chrono::milliseconds grace) const override {
        // juxta-vmm takes at most 10 minutes (its control API's bound): a longer grace (compose's
        // stop_grace_period: 15m) gets that, not a refusal and a SIGKILL.
        const int64_t graceMs = std::min<int64_t>(grace.count(), 600'000);
        if (callVmm(id, {{"cmd", "stop"}, {"grace_ms", graceMs}})) return {};
        if (const VmState s = loadVmState(id); instances::isLive(s.state) && s.pid > 0)
            ::kill(s.pid, SIGKILL);
        return {};
    }
    Status freeze(const std::string& id) const override { return ask(id, "pause"); }
    Status thaw(const std::string& id) const override { return ask(id, "resume"); }
    Status reclaimIfOrphaned(const std::string& id) const override { return reclaimVmIfOrphaned(id); }
    Status release(const std::string& id) const override {
        runtime::releaseAddress(id);          // a bridged VM's lease, kept across restarts until rm
        (void)runtime::unplugFromBridge(id);  // and its tap, if a start that failed left it
        return {};
    }
    Status removeData(const std::string&) const override { return {}; }  // vm.json is all it keeps
};

}  // namespace

const instances::Kind& vms() {
    static const Vms kind;
    return kind;
}

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
    d.createdAtMs = instances::wallClockMs();
    if (auto st = saveVmDefinition(d); !st) {
        std::error_code ec;
        fs::remove_all(paths::dataDir() / "vms" / d.id, ec);
        return st.error();
    }
    return d;
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

Status waitForAgent(const std::string& id, std::chrono::milliseconds timeout,
                    const std::function<bool()>& abandon) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (abandon && abandon()) return Error(ECANCELED, "VM " + id + ": no longer waited for");
        if (!instances::isLive(loadVmState(id).state))
            return Error(ECHILD, "VM " + id + " ended before its guest agent was ready");
        // One request that the VMM answers when the agent is ready (or after a second, to look at the
        // VM's state and `abandon` again): no polling while the guest boots.
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const int64_t waitMs = std::clamp<int64_t>(left.count(), 1, 1000);
        const auto asked = std::chrono::steady_clock::now();
        if (auto answer = callVmm(id, {{"cmd", "agent"}, {"wait_ms", waitMs}},
                                  std::chrono::milliseconds(waitMs) + std::chrono::seconds(5));
            answer && answer->value("ready", false)) {
            // An image VM's agent (or a --root VM's) says whether it could make the root its commands run in.
            const nlohmann::json guest = answer->value("guest", nlohmann::json::object());
            const std::string image = guest.is_object() ? guest.value("image", std::string()) : std::string();
            if (!image.empty() && image != "ok") {
                std::string said = image.substr(0, 300);  // the guest's words: one printable line
                for (char& c : said)
                    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
                return Error(EIO, "VM " + id + ": its root file system: " + said);
            }
            return {};
        }
        // Answered at once without the agent (no VMM to ask yet, a VM that ended, a juxta-vmm from
        // before wait_ms): asked again after a pause, never in a tight loop.
        if (std::chrono::steady_clock::now() - asked < std::chrono::milliseconds(waitMs / 2))
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Error(ETIMEDOUT, "VM " + id + ": the guest agent was not ready after " +
                                std::to_string(timeout.count() / 1000) + " s (see juxtactl vm logs)");
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
