#include "vmm/lifecycle/vm_counters.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace juxta::vmm {

ResourceCounters vmCounters(const nlohmann::json& stats, int64_t nowMs, uint64_t memoryMiB) {
    const auto number = [](const nlohmann::json& j, const char* key) {
        return j.is_object() && j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
    };
    ResourceCounters c;
    c.timeMs = nowMs;
    c.cpuNs = int64_t(number(stats, "vmm_cpu_ms") * 1e6);
    c.memoryUsed = number(stats, "vmm_rss_bytes");
    c.memoryLimit = double(memoryMiB << 20);
    if (stats.is_object() && stats.contains("exits") && stats["exits"].is_object())
        for (const auto& [reason, count] : stats["exits"].items())
            if (count.is_number_unsigned()) c.vmExits += count.get<uint64_t>();
    // The guest's disk and network I/O: all its virtio-blk disks together, all its virtio-net cards.
    if (stats.is_object() && stats.contains("devices") && stats["devices"].is_array()) {
        for (const auto& device : stats["devices"]) {
            if (!device.is_object()) continue;
            const auto kind = device.value("kind", nlohmann::json());
            if (kind == "block") {
                c.diskReadBytes += uint64_t(std::max(0.0, number(device, "read_bytes")));
                c.diskWriteBytes += uint64_t(std::max(0.0, number(device, "write_bytes")));
            } else if (kind == "net") {
                c.netRxBytes += uint64_t(std::max(0.0, number(device, "rx_bytes")));
                c.netTxBytes += uint64_t(std::max(0.0, number(device, "tx_bytes")));
            }
        }
    }
    return c;
}

}  // namespace juxta::vmm
