#include "vmm/boot_timeline.h"

namespace juxta::vmm {

bool BootTimeline::markOnce(const std::string& name) {
    std::scoped_lock lock(mutex_);
    if (!marked_.insert(name).second) return false;
    timeline_.mark(name);
    return true;
}

bool BootTimeline::has(const std::string& name) const {
    std::scoped_lock lock(mutex_);
    return marked_.count(name) != 0;
}

std::string BootTimeline::toJson() const {
    std::scoped_lock lock(mutex_);
    return timeline_.toJson();
}

PhaseTimeline BootTimeline::snapshot() const {
    std::scoped_lock lock(mutex_);
    return timeline_;
}

}  // namespace juxta::vmm
