#include "core/instance.h"

#include <cerrno>

namespace juxta {

std::string toString(InstanceKind kind) {
    switch (kind) {
        case InstanceKind::Host:
            return "host";
        case InstanceKind::Container:
            return "container";
        case InstanceKind::Vm:
            return "vm";
    }
    return "unknown";
}

Result<InstanceKind> instanceKindFromString(std::string_view name) {
    for (InstanceKind kind : {InstanceKind::Host, InstanceKind::Container, InstanceKind::Vm})
        if (name == toString(kind)) return kind;
    return Error(EINVAL, "unknown variant '" + std::string(name) + "' — use host, container or vm");
}

std::string_view toString(InstanceState state) {
    switch (state) {
        case InstanceState::Created:
            return "created";
        case InstanceState::Starting:
            return "starting";
        case InstanceState::Running:
            return "running";
        case InstanceState::Paused:
            return "paused";
        case InstanceState::Stopping:
            return "stopping";
        case InstanceState::Exited:
            return "exited";
        case InstanceState::Crashed:
            return "crashed";
        case InstanceState::Unknown:
            return "unknown";
    }
    return "unknown";
}

}  // namespace juxta
