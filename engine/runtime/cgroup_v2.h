#pragma once
// cgroup v2: one directory in the unified hierarchy, <root>/juxta/<id>, with the memory, cpu,
// pids and io controllers enabled in the parents' cgroup.subtree_control. The directory fd lets
// clone3(CLONE_INTO_CGROUP) start the container's first task already inside.
#include <filesystem>
#include <string>

#include "core/unique_fd.h"
#include "runtime/cgroup.h"

namespace juxta::runtime {

class CgroupV2 final : public Cgroup {
  public:
    static Result<std::unique_ptr<CgroupV2>> create(const std::string& id, const std::filesystem::path& root);
    // An existing one, not owned (see openCgroup()).
    static Result<std::unique_ptr<CgroupV2>> open(const std::string& id, const std::filesystem::path& root);
    ~CgroupV2() override;

    CgroupVersion version() const override { return CgroupVersion::V2; }
    Status setLimits(const Limits& limits) override;
    Status restrictDevices(std::span<const DeviceRule> rules) override;
    Status join(pid_t pid) override;
    Result<CgroupStats> stats() const override;
    Status freeze() override;
    Status thaw() override;
    Status destroy() override;
    int directoryFd() const override { return dirFd_.get(); }
    std::vector<std::filesystem::path> selfJoinFiles() const override { return {dir_ / "cgroup.procs"}; }

    const std::filesystem::path& path() const { return dir_; }

  private:
    CgroupV2() = default;
    Status requireController(const char* name) const;
    Status killAll();

    std::filesystem::path root_;
    std::filesystem::path dir_;
    std::string controllers_;  // what <root>/juxta/cgroup.subtree_control enabled, space separated
    UniqueFd dirFd_;
    bool destroyed_ = false;
    bool owned_ = true;
};

}  // namespace juxta::runtime
