#include "instances/lifecycle.h"

#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/unique_fd.h"
#include "instances/definition_store.h"
#include "instances/history.h"
#include "instances/restart.h"

namespace juxta::instances {
namespace fs = std::filesystem;

namespace {

// An instance as the verbs see it: how messages name it ("container web") and its record, read
// once per verb.
struct Found {
    std::string what;
    StateRecord record;
};

Result<Found> find(const Kind& kind, const std::string& id) {
    auto name = kind.nameOf(id);
    if (!name) return name.error();
    return Found{std::string(kind.noun()) + " " + *name, kind.record(id)};
}

Result<Found> findLive(const Kind& kind, const std::string& id) {
    auto found = find(kind, id);
    if (found && !isLive(found->record.state)) return Error(ESRCH, found->what + " is not running");
    return found;
}

// A monitor records the end, then still tidies up (its console socket, its resource record) before
// it exits: what removes the instance waits for it to be gone (at most `limit`), so the two never
// work in one directory at once. A monitor removing its own instance (run --rm) waits for nothing.
void waitForMonitorExit(pid_t monitor, std::chrono::milliseconds limit) {
    if (monitor <= 0 || monitor == ::getpid()) return;
    UniqueFd pidFd(static_cast<int>(::syscall(SYS_pidfd_open, monitor, 0)));
    if (!pidFd) return;  // gone already
    // Still a monitor (juxta-monitor, juxta-vm-monitor), not a process that took its pid since.
    std::string comm;
    std::getline(std::ifstream("/proc/" + std::to_string(monitor) + "/comm"), comm);
    if (comm != "juxta-monitor" && comm.rfind("juxta-vm-monito", 0) != 0) return;
    pollfd p{pidFd.get(), POLLIN, 0};
    while (::poll(&p, 1, int(limit.count())) < 0 && errno == EINTR) {
    }
}

}  // namespace

Status waitForEnd(const Kind& kind, const std::string& id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (isLive(kind.record(id).state)) {
        if (std::chrono::steady_clock::now() > deadline)
            return Error(ETIMEDOUT, std::string(kind.noun()) + " " + kind.nameOf(id).value_or(id) +
                                        " did not end within " + std::to_string(timeout.count() / 1000) +
                                        " s");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return {};
}

Status startForRestart(const Kind& kind, const std::string& id) {
    auto found = find(kind, id);
    if (!found) return found.error();
    if (isLive(found->record.state)) return Error(EBUSY, found->what + " is running already");
    // What a monitor killed outright left would stand in the new one's way (its address, cgroup).
    if (auto st = kind.reclaimIfOrphaned(id); !st) return st.error().wrap("start " + found->what);
    return kind.launch(id);
}

Status start(const Kind& kind, const std::string& id) {
    // Its restart policy applies to this run again, counting from nothing (restart.h).
    if (isLive(kind.record(id).state)) return startForRestart(kind, id);  // says it runs already
    clearStopAsked(kind.kind(), id);
    return startForRestart(kind, id);
}

Status stop(const Kind& kind, const std::string& id, std::chrono::milliseconds grace) {
    noteStopAsked(kind.kind(), id);  // no restart policy brings it back (restart.h)
    auto found = findLive(kind, id);
    if (!found) return found.error();
    if (found->record.state == InstanceState::Paused) (void)resume(kind, id);
    const Status asked = kind.end(id, grace);
    if (auto st = waitForEnd(kind, id, grace + std::chrono::seconds(10)); !st)
        return asked ? st : Status(asked.error().wrap(st.error().message()));
    return {};
}

Status restart(const Kind& kind, const std::string& id, std::chrono::milliseconds grace) {
    auto found = find(kind, id);
    if (!found) return found.error();
    if (isLive(found->record.state))
        if (auto st = stop(kind, id, grace); !st) return st.error().wrap("restart " + found->what);
    return start(kind, id);
}

Status pause(const Kind& kind, const std::string& id) {
    auto found = findLive(kind, id);
    if (!found) return found.error();
    if (auto st = kind.freeze(id); !st) return st.error().wrap("pause " + found->what);
    std::ofstream(pausedMarkerOf(kind.kind(), id)).put('\n');
    return {};
}

Status resume(const Kind& kind, const std::string& id) {
    auto found = findLive(kind, id);
    if (!found) return found.error();
    if (auto st = kind.thaw(id); !st) return st.error().wrap("resume " + found->what);
    std::error_code ec;
    fs::remove(pausedMarkerOf(kind.kind(), id), ec);
    return {};
}

Status remove(const Kind& kind, const std::string& id, bool force) {
    auto found = find(kind, id);
    if (!found) return found.error();
    const std::string& what = found->what;
    if (isLive(found->record.state) && !force)
        return Error(EBUSY, what + " is running: stop it first, or remove it with --force");
    // A restart on its way (restart.h): its back-off ends here, or its start is waited for and the
    // new run is read below.
    noteStopAsked(kind.kind(), id);
    found->record = kind.record(id);
    if (isLive(found->record.state)) {
        if (!force) return Error(EBUSY, what + " is running: stop it first, or remove it with --force");
        if (auto st = stop(kind, id, std::chrono::milliseconds(0)); !st)
            return st.error().wrap("remove " + what);
    }
    waitForMonitorExit(found->record.monitorPid, std::chrono::seconds(5));  // stop() keeps the monitor
    if (auto st = kind.reclaimIfOrphaned(id); !st) return st.error().wrap("remove " + what);
    if (auto st = kind.release(id); !st) return st.error().wrap("remove " + what);
    std::error_code ec;
    fs::remove(definitionFileOf(kind.kind(), id), ec);
    if (ec) return Error(ec.value(), "remove " + what + ": " + ec.message());
    if (auto st = kind.removeData(id); !st) return st.error().wrap("remove " + what);
    // Every one of them, whatever one of them says: a failure is reported, never a reason to leave
    // the rest. An entry that vanished meanwhile (ENOENT) is what was wanted.
    Status first;
    for (const fs::path& p : {definitionDirOf(kind.kind(), id), runDirOf(kind.kind(), id),
                              logFileOf(kind.kind(), id), historyFileOf(kind.kind(), id)}) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            ec.clear();
            fs::remove_all(p, ec);
            if (!ec || ec.value() != ENOENT) break;
        }
        if (ec && ec.value() != ENOENT && first)
            first = Error(ec.value(), "remove " + what + ": " + p.string() + ": " + ec.message());
    }
    return first;
}

}  // namespace juxta::instances
