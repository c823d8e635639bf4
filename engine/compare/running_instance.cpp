#include "compare/running_instance.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "compare/proc_usage.h"
#include "core/paths.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/request.h"

extern "C" char** environ;

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ContainerInstance : public RunningInstance {
  public:
    explicit ContainerInstance(std::string id) : id_(std::move(id)) {}
    ~ContainerInstance() override { (void)instances::remove(runtime::containers(), id_, true); }
    double footprintBytes() const override {
        auto stats = runtime::instanceStats(id_);
        const auto state = runtime::loadState(id_);
        return (stats ? double(stats->memoryCurrent) : 0) + pssBytes(state.monitorPid).value_or(0);
    }
    int64_t workloadStartNs() const override {
        auto t = PhaseTimeline::fromJson(runtime::loadState(id_).timelineJson);
        if (t)
            for (const Phase& p : t->phases())
                if (p.name == "exec") return p.endNs;
        return 0;
    }
    std::string output() const override { return outputText(runtime::logFileOf(id_)); }
    Status waitStarted(const std::function<bool()>&) override { return {}; }  // instances::start did
    std::optional<InstanceEnd> ended() override {
        const runtime::ContainerState s = runtime::loadState(id_);
        if (!s.exit) return std::nullopt;
        return InstanceEnd{s.exit->shellCode(), s.exit->oomKilled, s.exit->describe()};
    }

  private:
    std::string id_;
};

// Sends one request line on the VMM's control socket and returns the reply line.
std::optional<json> ask(const fs::path& socket, const std::string& request) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket.c_str());
    if (!fd || ::connect(fd.get(), (sockaddr*)&addr, sizeof addr) != 0) return std::nullopt;
    const std::string line = request + "\n";
    if (::write(fd.get(), line.data(), line.size()) != ssize_t(line.size())) return std::nullopt;
    std::string reply;
    char c;
    while (::read(fd.get(), &c, 1) == 1 && c != '\n') reply += c;
    try {
        return json::parse(reply);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

class VmInstance : public RunningInstance {
  public:
    explicit VmInstance(fs::path dir) : dir_(std::move(dir)) {}
    ~VmInstance() override {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    double footprintBytes() const override { return pid_ > 0 ? pssBytes(pid_).value_or(0) : 0; }
    int64_t workloadStartNs() const override { return workloadStartNs_; }
    std::string output() const override { return outputText(dir_ / "stdout"); }
    std::optional<InstanceEnd> ended() override {
        int status = 0;
        if (!end_ && pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            // juxta-vmm --exec exits with the workload's status (128 + N for signal N in the guest).
            const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            const std::string console = outputText(dir_ / "console");
            InstanceEnd e{code, code == 128 + SIGKILL && console.find("Out of memory") != std::string::npos,
                          code > 128 ? "killed in the guest by signal " + std::to_string(code - 128)
                                     : "exited " + std::to_string(code)};
            if (e.oomKilled) e.description = "OOM-killed by the guest kernel";
            end_ = e;
        }
        return end_;
    }

    Status start(const VmSetup& vm, int memoryMib, int vcpus, const std::vector<std::string>& workload) {
        vmm::VmConfig c = vmConfigOf(vm, memoryMib, vcpus);
        c.api = (dir_ / "api.sock").string();
        c.console = (dir_ / "console").string();
        c.exec = {"/usr/bin/juxta-workload"};
        c.exec.insert(c.exec.end(), workload.begin(), workload.end());
        std::vector<std::string> args = vmm::toArgs(c);
        args.insert(args.begin(), vm.vmm.string());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, (dir_ / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0600);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) return Error::fromErrno("run " + args[0], rc);
        return {};
    }

    // Up when the VMM's timeline has workload_start (the agent ran the workload).
    Status waitStarted(const std::function<bool()>& cancelled) override {
        if (workloadStartNs_) return {};
        for (int64_t deadline = monotonicNs() + 300'000'000'000; monotonicNs() < deadline;) {
            if (cancelled()) return Error(ECANCELED, "cancelled");
            if (ended())
                return Error(EIO, "juxta-vmm ended before its workload started: " + end_->description);
            if (auto t = ask(dir_ / "api.sock", R"({"cmd":"timings"})")) {
                const json timings = t->value("timings", json::object());
                for (const json& p : timings.value("phases", json::array()))
                    if (p.value("name", "") == "workload_start") {
                        workloadStartNs_ =
                            timings.value("origin_ns", int64_t(0)) + int64_t(p.value("end_ms", 0.0) * 1e6);
                        return {};
                    }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return Error(ETIMEDOUT, "the VM's workload did not start within 300 s");
    }

  private:
    fs::path dir_;
    pid_t pid_ = 0;
    int64_t workloadStartNs_ = 0;
    std::optional<InstanceEnd> end_;
};

}  // namespace

Result<std::unique_ptr<RunningInstance>> startContainer(const fs::path& workloadLayer,
                                                        const std::vector<std::string>& args,
                                                        std::optional<int64_t> memoryBytes,
                                                        std::optional<double> cpus) {
    runtime::ContainerRequest r;
    r.image = "busybox";
    r.command = {"/usr/bin/juxta-workload"};
    r.command.insert(r.command.end(), args.begin(), args.end());
    r.limits.memoryBytes = memoryBytes;
    r.limits.cpus = cpus;
    auto resolved = runtime::resolveRequest(r);
    if (!resolved) return resolved.error();
    resolved->spec.layers.push_back(workloadLayer);
    auto d = runtime::createInstance(resolved->spec, resolved->image);
    if (!d) return d.error();
    auto self = std::make_unique<ContainerInstance>(resolved->spec.id);
    if (auto st = instances::start(runtime::containers(), resolved->spec.id); !st) return st.error();
    return std::unique_ptr<RunningInstance>(std::move(self));
}

Result<std::unique_ptr<RunningInstance>> startVm(const VmSetup& vm, int memoryMib, int vcpus,
                                                 const std::string& name,
                                                 const std::vector<std::string>& args,
                                                 const std::function<bool()>& cancelled, bool wait) {
    auto dir = paths::ensureDir(paths::runtimeDir() / "bench" / (name + "-" + std::to_string(::getpid())));
    if (!dir) return dir.error();
    auto self = std::make_unique<VmInstance>(*dir);
    if (auto st = self->start(vm, memoryMib, vcpus, args); !st) return st.error();
    if (wait)
        if (auto st = self->waitStarted(cancelled); !st) return st.error();
    return std::unique_ptr<RunningInstance>(std::move(self));
}

}  // namespace juxta::compare
