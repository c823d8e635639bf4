#include "bridge/lifecycle_worker.h"

#include <cerrno>
#include <filesystem>

#include "core/catch_all.h"
#include "core/labels.h"
#include "core/log.h"
#include "instances/definition_store.h"
#include "instances/lifecycle.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/prune.h"
#include "runtime/lifecycle/request.h"
#include "runtime/limits.h"
#include "runtime/port_relay.h"
#include "vmm/lifecycle/vm_lifecycle.h"
#include "vmm/lifecycle/vm_prune.h"

namespace juxta {
namespace {

// The dialog's words ("256M", "1.5", "128", "8080:80") made into the runtime's request.
Result<runtime::ContainerRequest> toRuntimeRequest(const ContainerRequest& r) {
    runtime::ContainerRequest out;
    out.image = r.image.toStdString();
    out.name = r.name.toStdString();
    for (const QString& word : r.command) out.command.push_back(word.toStdString());
    if (!r.memory.isEmpty()) {
        auto m = runtime::parseMemory(r.memory.toStdString());
        if (!m) return m.error();
        out.limits.memoryBytes = *m;
    }
    if (!r.cpus.isEmpty()) {
        auto c = runtime::parseCpus(r.cpus.toStdString());
        if (!c) return c.error();
        out.limits.cpus = *c;
    }
    if (!r.pids.isEmpty()) {
        auto p = runtime::parsePids(r.pids.toStdString());
        if (!p) return p.error();
        out.limits.pidsMax = *p;
    }
    out.network = r.bridge ? runtime::Network::Bridge : runtime::Network::Loopback;
    for (const QString& text : r.publish) {
        auto port = runtime::parsePublishedPort(text.toStdString());
        if (!port) return port.error();
        out.ports.push_back(*port);
    }
    if (auto st = runtime::checkPublishedPorts(out.ports, out.network); !st) return st.error();
    for (const QString& text : r.volumes) {
        auto v = runtime::parseVolumeFlag(text.toStdString());
        if (!v) return v.error();
        out.volumes.push_back(std::move(*v));
    }
    for (const QString& text : r.labels) {
        auto label = parseLabel(text.toStdString());
        if (!label) return label.error();
        out.labels[label->first] = label->second;
    }
    if (Status st = checkUserLabels(out.labels); !st) return st.error();
    out.readOnlyRoot = r.readOnlyRoot;
    out.terminal = r.terminal;
    return out;
}

Result<vmm::VmDefinition> toVmDefinition(const VmRequest& r) {
    vmm::VmDefinition d;
    d.name = r.name.toStdString();
    d.kernel = r.kernel.toStdString();
    d.initrd = r.initrd.toStdString();
    d.cmdline = r.cmdline.toStdString();
    d.image = !r.image.isEmpty() ? r.image.toStdString() : d.kernel.empty() ? vmm::kTinyLinux : "";
    if (!r.diskSize.isEmpty()) {
        auto bytes = runtime::parseMemory(r.diskSize.toStdString());
        if (!bytes) return bytes.error().wrap("disk size");
        d.writableDiskMiB = uint64_t(*bytes) >> 20;
    }
    d.root = r.root.toStdString();
    d.force = r.force;
    d.vcpus = r.vcpus < 1 ? 0 : uint32_t(r.vcpus);
    d.network = r.bridge ? "bridge" : "none";
    for (const VmDisk& disk : r.disks) {
        std::error_code ec;
        d.disks.push_back({std::filesystem::absolute(disk.file.toStdString(), ec).lexically_normal().string(),
                           disk.readOnly});
    }
    if (!r.memory.isEmpty()) {
        auto bytes = runtime::parseMemory(r.memory.toStdString());
        if (!bytes) return bytes.error().wrap("memory");
        d.memoryMiB = uint64_t(*bytes) >> 20;
    }
    return d;
}

Status act(const std::string& id, const QString& action, bool force) {
    const instances::Kind& kind =
        instances::isDefined(InstanceKind::Vm, id) ? vmm::vms() : runtime::containers();
    if (action == QLatin1String("start")) return instances::start(kind, id);
    if (action == QLatin1String("stop")) return instances::stop(kind, id);
    if (action == QLatin1String("pause")) return instances::pause(kind, id);
    if (action == QLatin1String("resume")) return instances::resume(kind, id);
    if (action == QLatin1String("remove")) return instances::remove(kind, id, force);
    return Error(EINVAL, "unknown action " + action.toStdString());
}

// What a killed juxtactl, monitor or GUI left goes first, as before every juxtactl command.
void pruneOrphans() {
    for (const auto& e : runtime::pruneOrphans(/*leases=*/false).failures)
        log::get("bridge")->debug("prune: {}", e.message());
    vmm::pruneVmOrphans();
}

// Runs one action after the prune; an exception (none is expected: the library returns errors)
// becomes its error.
template <typename F>
Result<std::string> guarded(F&& run) {
    return catchAll([&]() -> Result<std::string> {
        pruneOrphans();
        return run();
    });
}

}  // namespace

void LifecycleWorker::createContainer(const ContainerRequest& r) {
    const auto made = guarded([&]() -> Result<std::string> {
        auto request = toRuntimeRequest(r);
        if (!request) return request.error();
        auto resolved = runtime::resolveRequest(*request);
        if (!resolved) return resolved.error();
        auto d = runtime::createInstance(resolved->spec, resolved->image, resolved->health,
                                         r.restart.toStdString());
        if (!d) return d.error();
        return d->spec.id;
    });
    const QString name = r.name;
    if (!made) {
        emit finished(name, QStringLiteral("create"), false, QString::fromStdString(made.error().message()));
        return;
    }
    const QString id = QString::fromStdString(*made);
    emit finished(id, QStringLiteral("create"), true, id);
    act(id, QStringLiteral("start"), false);
}

void LifecycleWorker::createVm(const VmRequest& r) {
    // Created and started as one: the dialog hears whether the VM runs (a PVM host's refusal comes
    // from the start), not only whether it was defined. A failed start leaves it defined.
    std::string id;
    const auto made = guarded([&]() -> Result<std::string> {
        auto d = toVmDefinition(r);
        if (!d) return d.error();
        auto created = vmm::createVm(*d);
        if (!created) return created.error();
        id = created->id;
        if (Status st = instances::start(vmm::vms(), id); !st) return st.error();
        return id;
    });
    const QString qid = id.empty() ? r.name : QString::fromStdString(id);
    emit finished(qid, QStringLiteral("create"), made.ok(),
                  made ? qid : QString::fromStdString(made.error().message()));
}

void LifecycleWorker::act(const QString& instanceId, const QString& action, bool force) {
    const auto done = guarded([&]() -> Result<std::string> {
        if (Status st = juxta::act(instanceId.toStdString(), action, force); !st) return st.error();
        return std::string();
    });
    emit finished(instanceId, action, done.ok(),
                  done ? QString() : QString::fromStdString(done.error().message()));
}

}  // namespace juxta
