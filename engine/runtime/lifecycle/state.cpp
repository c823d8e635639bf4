#include "runtime/lifecycle/state.h"

#include <cerrno>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "runtime/resource_record.h"

namespace juxta::runtime {
using nlohmann::json;

namespace {

// The monitor owns the container's resource record while the container runs: its pid and start
// time there tell a live monitor from a recycled pid. Without a record (the monitor has cleaned
// up and is writing the exit), the pid alone; a zombie is no monitor.
bool monitorAlive(const std::string& id, pid_t monitorPid) {
    if (auto record = readRecord(id)) return isAlive(record->owner);
    return monitorPid > 0 && identityOf(monitorPid).has_value();
}

// The timeline as a JSON value; null when there is none (or it is not JSON: never an exception).
json timelineValue(const std::string& text) {
    json t = json::parse(text, nullptr, /*allow_exceptions=*/false);
    return t.is_object() ? t : json(nullptr);
}

}  // namespace

Status saveState(const std::string& id, const ContainerState& s) {
    json j = {{"cgroup_root", s.cgroupRoot.string()},
              {"address", s.address},
              {"user_namespace", s.userNamespace},
              {"timeline", timelineValue(s.timelineJson)}};
    if (s.finalStats)
        j["final_stats"] = {{"cpu_usage_ns", s.finalStats->cpuUsageNs},
                            {"memory_peak", s.finalStats->memoryPeak},
                            {"io_read_bytes", s.finalStats->ioReadBytes},
                            {"io_write_bytes", s.finalStats->ioWriteBytes},
                            {"oom_kills", s.finalStats->oomKills}};
    if (s.exit)
        j["exit"] = {{"code", s.exit->code}, {"signal", s.exit->signal}, {"oom_killed", s.exit->oomKilled}};
    return instances::saveState(InstanceKind::Container, id, s, std::move(j));
}

ContainerState loadState(const std::string& id) {
    ContainerState s;
    auto record = instances::readState(InstanceKind::Container, id, [&s](const JsonReader& r) {
        s.cgroupRoot = r.string("cgroup_root", "/sys/fs/cgroup");
        s.address = r.string("address", "");
        s.userNamespace = r.string("user_namespace", "");
        if (const JsonReader t = r.field("timeline"); t.present() && t.isObject())
            s.timelineJson = t.raw().dump();
        if (const JsonReader e = r.field("exit"); e.present() && e.isObject())
            s.exit = ExitStatus{.code = e.integer<int>("code", 0),
                                .signal = e.integer<int>("signal", 0),
                                .oomKilled = e.boolean("oom_killed", false)};
        if (const JsonReader f = r.field("final_stats"); f.present() && f.isObject()) {
            CgroupStats st;
            st.cpuUsageNs = f.integer<int64_t>("cpu_usage_ns", 0);
            st.memoryPeak = f.integer<int64_t>("memory_peak", 0);
            st.ioReadBytes = f.integer<int64_t>("io_read_bytes", 0);
            st.ioWriteBytes = f.integer<int64_t>("io_write_bytes", 0);
            st.oomKills = f.integer<int64_t>("oom_kills", 0);
            s.finalStats = st;
        }
    });
    if (!record) {
        // Writes are atomic, so only an edit or a hostile hand makes a bad file: it reads as created.
        if (record.error().code() != ENOENT)
            log::get("runtime")->warn("ignoring {}", record.error().message());
        return ContainerState{};
    }
    static_cast<instances::StateRecord&>(s) = *record;
    const bool alive = s.state != InstanceState::Running || monitorAlive(id, s.monitorPid);
    if (instances::settle(InstanceKind::Container, id, s, alive)) s.exit.reset();
    return s;
}

}  // namespace juxta::runtime
