#include "core/instance.h"

namespace juxta {

std::string_view toString(InstanceKind kind) {
    switch (kind) {
        case InstanceKind::Host: return "host";
        case InstanceKind::Container: return "container";
        case InstanceKind::Vm: return "vm";
    }
    return "unknown";
}

std::string_view toString(InstanceState state) {
    switch (state) {
        case InstanceState::Created: return "created";
        case InstanceState::Starting: return "starting";
        case InstanceState::Running: return "running";
        case InstanceState::Paused: return "paused";
        case InstanceState::Stopping: return "stopping";
        case InstanceState::Exited: return "exited";
        case InstanceState::Crashed: return "crashed";
        case InstanceState::Unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace juxta
