#pragma once
// cgroup v1: one directory per controller hierarchy, <root>/<controller>/juxta/<id>.
// Controllers used: memory, cpu, cpuacct, pids, freezer, blkio, devices (cpuset is left alone:
// joining it would require copying cpus/mems). Co-mounted hierarchies ("cpu,cpuacct") are joined once.
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/cgroup.h"

namespace juxta::runtime {

// v2's cpu.weight (1..10000) as v1 cpu.shares (2..262144), the conversion runc and crun use.
int64_t cpuSharesFromWeight(int weight);

class CgroupV1 final : public Cgroup {
  public:
    static Result<std::unique_ptr<CgroupV1>> create(const std::string& id, const std::filesystem::path& root);
    // An existing one, not owned (see openCgroup()).
    static Result<std::unique_ptr<CgroupV1>> open(const std::string& id, const std::filesystem::path& root);
    ~CgroupV1() override;

    CgroupVersion version() const override { return CgroupVersion::V1; }
    Status setLimits(const Limits& limits) override;
    Status restrictDevices(std::span<const DeviceRule> rules) override;
    Status join(pid_t pid) override;
    Result<CgroupStats> stats() const override;
    Status freeze() override;
    Status thaw() override;
    Status destroy() override;
    // The tasks files, not cgroup.procs: moving the calling thread alone skips the kernel's global
    // threadgroup lock and its RCU grace period (~5 ms per start here); for a single-threaded
    // task the effect is the same. The cpu hierarchy is joined only when a CPU limit is set
    // (cpuacct, a hierarchy of its own or co-mounted, carries the usage statistics).
    std::vector<std::filesystem::path> selfJoinFiles() const override;

  private:
    CgroupV1() = default;
    std::filesystem::path dir(const char* controller) const;  // empty if that controller is absent
    Status killAll();

    struct Hierarchy {
        std::string controller;
        std::filesystem::path dir;
    };
    std::vector<Hierarchy> hierarchies_;  // distinct directories, one per mounted hierarchy
    bool cpuLimited_ = false;
    bool destroyed_ = false;
    bool owned_ = true;
};

}  // namespace juxta::runtime
