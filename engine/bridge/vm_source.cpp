#include "bridge/vm_source.h"

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/format.h"
#include "core/log.h"
#include "vmm/lifecycle/vm_counters.h"
#include "vmm/lifecycle/vm_lifecycle.h"

namespace juxta {
namespace {

// The last `count` non-empty lines of a console log, joined with " / " (control characters and
// terminal escape sequences — a shell's "ESC [ 6 n" asking where the cursor is — dropped).
std::string lastLines(const std::filesystem::path& log, int count) {
    std::ifstream in(log, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(std::max<std::streamoff>(0, size - 4096));
    std::string tail(std::istreambuf_iterator<char>(in), {}), line, out;
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < tail.size(); ++i) {
        const char c = tail[i];
        if (c == '\x1b' && i + 1 < tail.size() && tail[i + 1] == '[') {  // CSI: parameters, then a final byte
            for (i += 2; i < tail.size() && !(tail[i] >= 0x40 && tail[i] <= 0x7e); ++i) {
            }
            continue;
        }
        if (c == '\n') {
            if (!line.empty()) lines.push_back(line);
            line.clear();
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            line += c;
        }
    }
    if (!line.empty()) lines.push_back(line);
    for (std::size_t i = lines.size() > std::size_t(count) ? lines.size() - std::size_t(count) : 0;
         i < lines.size(); ++i)
        out += (out.empty() ? "" : " / ") + lines[i];
    return out;
}

InstanceInfo toInfo(const vmm::VmStatus& status) {
    const vmm::VmDefinition& d = status.definition;
    InstanceInfo info;
    info.id = d.id;
    info.name = d.name.empty() ? d.id : d.name;
    info.kind = InstanceKind::Vm;
    info.state = status.state.state;
    // How it ended, and what its console said last — for a VM that ended (a running one's console
    // is in its Console tab).
    if (info.state == InstanceState::Exited || info.state == InstanceState::Crashed) {
        info.detail = vmm::describe(status.state);
        if (info.state == InstanceState::Crashed && info.detail.rfind("crashed: ", 0) == 0)
            info.detail.erase(0, 9);  // the state column says "Crashed" already
        if (const std::string last = lastLines(vmm::vmLogFileOf(d.id), 3); !last.empty())
            info.detail += " — last console lines: " + last;
    }
    info.startedAtMs = status.state.startedAtMs;
    info.image = d.image.empty() ? d.kernel : d.image;
    info.command = d.cmdline;
    info.limits = format::bytes(double(d.memoryMiB << 20)) + " · " + std::to_string(d.vcpus) +
                  (d.vcpus == 1 ? " vCPU" : " vCPUs");
    info.cpuLimitCores = double(d.vcpus);  // a vCPU is a thread: at most one core each
    info.devices = vmm::agentOverVsock(d)
                       ? "serial console (ttyS0) · agent channel (virtio-vsock; ttyS1 the fallback)"
                       : "serial console (ttyS0) · agent channel (ttyS1)";
    // An image VM's first two disks are its image's layers and its own (the user's come after).
    const std::size_t first = vmm::bootsOciImage(d) ? 2 : 0;
    if (first)
        info.devices += " · vda: the image's layers (virtio-blk, read-only) · vdb: its own disk (virtio-blk)";
    for (std::size_t i = 0; i < d.disks.size(); ++i)
        info.devices += " · vd" + std::string(1, char('a' + first + i)) + ": " + d.disks[i].file +
                        (d.disks[i].readOnly ? " (virtio-blk, read-only)" : " (virtio-blk)");
    if (!d.root.empty()) info.devices += " · root: " + d.root;
    if (d.network == "bridge") info.devices += " · eth0 on juxta0 (virtio-net)";
    info.hasConsole = true;
    info.labels = d.labels;
    return info;
}

}  // namespace

std::string VmSource::timelineOf(const std::string& id, int64_t startedAtMs, bool live, int64_t nowMs) {
    constexpr int64_t kRefreshMs = 5000;
    Timeline& kept = timelines_[id];
    if (kept.startedAtMs == startedAtMs && kept.settled && (!live || nowMs - kept.fetchedAtMs < kRefreshMs))
        return kept.json;
    auto timeline = vmm::vmTimelineJson(id);
    if (!timeline) return kept.startedAtMs == startedAtMs ? kept.json : std::string();
    kept = {startedAtMs, nowMs, !live || timeline->find("\"agent_ready\"") != std::string::npos, *timeline};
    return kept.json;
}

Result<InstanceSource::Loaded> VmSource::load(const std::string& id, int64_t nowMs) {
    auto definition = vmm::loadVmDefinition(id);
    if (!definition) return definition.error();
    const vmm::VmStatus status{*definition, vmm::loadVmState(id)};
    Loaded out{toInfo(status), definition->createdAtMs, false, status.state.monitorPid};
    if (status.state.startedAtMs > 0) {
        const bool live = instances::isLive(status.state.state);
        out.info.timelineJson = timelineOf(id, status.state.startedAtMs, live, nowMs);
        // While it boots its timeline grows: read it every tick until the agent is ready.
        out.volatileInfo = live && !timelines_[id].settled;
    }
    return out;
}

Result<ResourceCounters> VmSource::counters(const std::string& id, int64_t nowMs) {
    auto definition = vmm::loadVmDefinition(id);
    if (!definition) return definition.error();
    auto stats = vmm::vmStats(id);
    if (!stats) return stats.error();
    return vmm::vmCounters(*stats, nowMs, definition->memoryMiB);
}

}  // namespace juxta
