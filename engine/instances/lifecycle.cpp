#include "instances/lifecycle.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <thread>

#include "instances/definition_store.h"

namespace juxta::instances {
namespace fs = std::filesystem;

namespace {

std::string nameFor(const Kind& kind, const std::string& id) {
    return std::string(kind.noun()) + " " + kind.nameOf(id).value_or(id);
}

Status requireLive(const Kind& kind, const std::string& id) {
    if (!kind.nameOf(id)) return kind.nameOf(id).error();
    if (!isLive(kind.record(id).state)) return Error(ESRCH, nameFor(kind, id) + " is not running");
    return {};
}

}  // namespace

Status waitForEnd(const Kind& kind, const std::string& id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (isLive(kind.record(id).state)) {
        if (std::chrono::steady_clock::now() > deadline)
            return Error(ETIMEDOUT, nameFor(kind, id) + " did not end within " +
                                        std::to_string(timeout.count() / 1000) + " s");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return {};
}

Status start(const Kind& kind, const std::string& id) {
    auto name = kind.nameOf(id);
    if (!name) return name.error();
    if (isLive(kind.record(id).state))
        return Error(EBUSY, std::string(kind.noun()) + " " + *name + " is running already");
    // What a monitor killed outright left would stand in the new one's way (its address, cgroup).
    if (auto st = kind.reclaimIfOrphaned(id); !st)
        return st.error().wrap("start " + std::string(kind.noun()) + " " + *name);
    return kind.launch(id);
}

Status stop(const Kind& kind, const std::string& id, std::chrono::milliseconds grace) {
    if (auto st = requireLive(kind, id); !st) return st;
    if (kind.record(id).state == InstanceState::Paused) (void)resume(kind, id);
    const Status asked = kind.end(id, grace);
    if (auto st = waitForEnd(kind, id, grace + std::chrono::seconds(10)); !st)
        return asked ? st : Status(asked.error().wrap(st.error().message()));
    return {};
}

Status restart(const Kind& kind, const std::string& id, std::chrono::milliseconds grace) {
    if (isLive(kind.record(id).state))
        if (auto st = stop(kind, id, grace); !st) return st.error().wrap("restart " + nameFor(kind, id));
    return start(kind, id);
}

Status pause(const Kind& kind, const std::string& id) {
    if (auto st = requireLive(kind, id); !st) return st;
    if (auto st = kind.freeze(id); !st) return st.error().wrap("pause " + nameFor(kind, id));
    std::ofstream(pausedMarkerOf(kind.kind(), id)).put('\n');
    return {};
}

Status resume(const Kind& kind, const std::string& id) {
    if (auto st = requireLive(kind, id); !st) return st;
    if (auto st = kind.thaw(id); !st) return st.error().wrap("resume " + nameFor(kind, id));
    std::error_code ec;
    fs::remove(pausedMarkerOf(kind.kind(), id), ec);
    return {};
}

Status remove(const Kind& kind, const std::string& id, bool force) {
    auto name = kind.nameOf(id);
    if (!name) return name.error();
    const std::string what = std::string(kind.noun()) + " " + *name;
    if (isLive(kind.record(id).state)) {
        if (!force) return Error(EBUSY, what + " is running: stop it first, or remove it with --force");
        if (auto st = stop(kind, id, std::chrono::milliseconds(0)); !st)
            return st.error().wrap("remove " + what);
    }
    if (auto st = kind.reclaimIfOrphaned(id); !st) return st.error().wrap("remove " + what);
    if (auto st = kind.release(id); !st) return st.error().wrap("remove " + what);
    std::error_code ec;
    fs::remove(definitionFileOf(kind.kind(), id), ec);
    if (ec) return Error(ec.value(), "remove " + what + ": " + ec.message());
    if (auto st = kind.removeData(id); !st) return st.error().wrap("remove " + what);
    for (const fs::path& p :
         {definitionDirOf(kind.kind(), id), runDirOf(kind.kind(), id), logFileOf(kind.kind(), id)}) {
        fs::remove_all(p, ec);
        if (ec) return Error(ec.value(), "remove " + what + ": " + p.string() + ": " + ec.message());
    }
    return {};
}

}  // namespace juxta::instances
