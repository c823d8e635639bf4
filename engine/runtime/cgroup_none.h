#pragma once
// The third backend: no cgroup at all, for a rootless container on a host where a user cannot make
// one (cgroup v1, or v2 without a delegated subtree; user_namespace.h). It sets no limits (a spec
// with limits is refused before it gets here), cannot freeze, and measures the container from its
// processes (process_stats.h). Container code calls it like the others instead of asking whether
// there is a cgroup at every step.
#include <functional>
#include <string>

#include "runtime/cgroup.h"

namespace juxta::runtime {

class NoCgroup final : public Cgroup {
  public:
    // measure: what stats() returns (the container's process tree while it runs).
    NoCgroup(std::string containerName, std::function<Result<CgroupStats>()> measure);

    CgroupVersion version() const override { return CgroupVersion::None; }
    Status setLimits(const Limits& limits) override;               // EINVAL when any limit is set
    Status restrictDevices(std::span<const DeviceRule>) override;  // the user namespace keeps devices out
    Status join(pid_t) override { return {}; }
    Result<CgroupStats> stats() const override { return measure_(); }
    Status freeze() override;  // ENOTSUP: pausing needs the freezer
    Status thaw() override;
    Status destroy() override { return {}; }
    std::vector<std::filesystem::path> selfJoinFiles() const override { return {}; }

  private:
    std::string name_;
    std::function<Result<CgroupStats>()> measure_;
};

}  // namespace juxta::runtime
