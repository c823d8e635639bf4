#include "compare/host_variant.h"

#include "compare/child_process.h"
#include "compare/proc_usage.h"

namespace juxta::compare {
namespace {

class HostVariant : public Variant {
  public:
    explicit HostVariant(std::filesystem::path binary) : binary_(std::move(binary)) {}
    InstanceKind kind() const override { return InstanceKind::Host; }
    std::string unavailableReason() const override { return ""; }

    Result<RunOutcome> run(const RunRequest& request, const RunProbe& probe) override {
        std::vector<std::string> argv = {request.startup ? "/bin/true" : binary_.string()};
        if (!request.startup) argv.insert(argv.end(), request.args.begin(), request.args.end());
        PeakMemory peak;
        auto child = runChild(argv, probe, [&](pid_t pid) {
            auto pss = pssBytes(pid);
            auto cpu = cpuMs(pid);
            if (!pss) return;  // exited between the poll and the read
            peak.offer({{"workload", *pss}});
            probe.sample(cpu.value_or(0), *pss);
        });
        if (!child) return child.error();
        if (child->exitCode != 0)
            return Error(
                EIO, argv[0] + " exited " + std::to_string(child->exitCode) + ": " + lastLine(child->err));
        RunOutcome o;
        o.line = lastLine(child->out);
        o.toWorkloadMs = msBetween(child->requestNs, child->spawnedNs);
        o.cycleMs = msBetween(child->requestNs, child->reapedNs);
        o.phases = {{"spawn", 0, o.toWorkloadMs},
                    {"workload", o.toWorkloadMs, msBetween(child->requestNs, child->exitedNs)},
                    {"reap", msBetween(child->requestNs, child->exitedNs), o.cycleMs}};
        o.memoryBytes = peak.total;
        o.parts = peak.parts;
        o.instanceCpuMs = child->cpuMs;
        return o;
    }

  private:
    std::filesystem::path binary_;
};

}  // namespace

std::unique_ptr<Variant> makeHostVariant(const std::filesystem::path& workloadBinary) {
    return std::make_unique<HostVariant>(workloadBinary);
}

}  // namespace juxta::compare
