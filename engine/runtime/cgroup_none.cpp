#include "runtime/cgroup_none.h"

#include <cerrno>

#include "runtime/user_namespace.h"

namespace juxta::runtime {

NoCgroup::NoCgroup(std::string containerName, std::function<Result<CgroupStats>()> measure)
    : name_(std::move(containerName)), measure_(std::move(measure)) {}

Status NoCgroup::setLimits(const Limits& limits) {
    if (!limits.empty()) return Error(EINVAL, "container " + name_ + " has no cgroup to hold its limits");
    return {};
}

Status NoCgroup::restrictDevices(std::span<const DeviceRule>) {
    return {};
}

Status NoCgroup::freeze() {
    return Error(ENOTSUP, pauseNeedsFreezer(name_));
}

Status NoCgroup::thaw() {
    return Error(ENOTSUP, pauseNeedsFreezer(name_));
}

}  // namespace juxta::runtime
