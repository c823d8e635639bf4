#include "vmm/stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

namespace juxta::vmm {

uint64_t processRssBytes() {
    std::ifstream in("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    if (!(in >> size >> resident)) return 0;
    return resident * uint64_t(::sysconf(_SC_PAGESIZE));
}

double processCpuMs() {
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    auto ms = [](const timeval& t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

nlohmann::json statsToJson(const MachineStats& stats, uint64_t rssBytes) {
    nlohmann::json vcpus = nlohmann::json::array();
    std::array<uint64_t, kExitKinds> totals{};
    for (size_t i = 0; i < stats.vcpus.size(); ++i) {
        const VcpuStats& v = stats.vcpus[i];
        nlohmann::json exits = nlohmann::json::object();
        for (size_t k = 0; k < kExitKinds; ++k) {
            totals[k] += v.exits[k];
            if (v.exits[k]) exits[std::string(exitKindName(k))] = v.exits[k];
        }
        vcpus.push_back({{"id", i},
                         {"run_ms", double(v.runNs) / 1e6},
                         {"cpu_ms", double(v.cpuNs) / 1e6},
                         {"exits", exits}});
    }
    nlohmann::json exits = nlohmann::json::object();
    for (size_t k = 0; k < kExitKinds; ++k)
        if (totals[k]) exits[std::string(exitKindName(k))] = totals[k];
    nlohmann::json devices = nlohmann::json::array();
    for (const DeviceStats& d : stats.devices) {
        nlohmann::json device = {{"kind", d.kind}, {"slot", d.slot}};
        for (const auto& [name, value] : d.counters) device[name] = value;
        devices.push_back(std::move(device));
    }
    uint64_t overhead =
        rssBytes > stats.guestMemoryTouchedBytes ? rssBytes - stats.guestMemoryTouchedBytes : 0;
    return {{"vcpus", vcpus},
            {"exits", exits},
            {"devices", devices},
            {"guest_memory_bytes", stats.guestMemoryBytes},
            {"guest_memory_touched_bytes", stats.guestMemoryTouchedBytes},
            {"vmm_rss_bytes", rssBytes},
            {"vmm_cpu_ms", processCpuMs()},
            {"vmm_overhead_rss_bytes", overhead}};
}

}  // namespace juxta::vmm
