#include "runtime/user_namespace.h"

#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

#include "core/run_program.h"
#include "core/unique_fd.h"
#include "runtime/cgroup.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

// Ids 1..65535 inside, as podman and crun map them by default.
constexpr uint32_t kSubordinateIds = 65535;

std::string userName(uid_t uid) {
    struct passwd pw {};
    struct passwd* found = nullptr;
    char buf[4096];
    if (::getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found) return found->pw_name;
    return {};
}

// newuidmap and newgidmap where Debian's uidmap puts them, else on PATH.
fs::path helper(const char* name) {
    for (const char* dir : {"/usr/bin", "/bin", "/usr/sbin"}) {
        fs::path p = fs::path(dir) / name;
        if (::access(p.c_str(), X_OK) == 0) return p;
    }
    return {};
}

Status writeProcFile(pid_t pid, const char* file, const std::string& text) {
    const std::string path = "/proc/" + std::to_string(pid) + "/" + file;
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd || ::write(fd.get(), text.data(), text.size()) != ssize_t(text.size()))
        return Error::fromErrno("write " + path);
    return {};
}

// Runs newuidmap/newgidmap PID inside outside count ... and returns its complaint on failure.
Status runHelper(const fs::path& program, pid_t pid, const std::vector<IdRange>& ranges) {
    std::vector<std::string> args = {program.string(), std::to_string(pid)};
    for (const IdRange& r : ranges)
        for (uint32_t v : {r.inside, r.outside, r.count}) args.push_back(std::to_string(v));
    auto run = runProgram(args);
    if (!run) return run.error();
    if (run->status == 0) return {};
    std::string said = run->output.substr(0, 2048);
    while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
    return Error(EPERM, program.filename().string() + " failed" + (said.empty() ? "" : ": " + said) +
                            " — check the ranges in /etc/subuid and /etc/subgid");
}

// Why a rootless container has no cgroup of its own.
std::string whyNoCgroup() {
    auto version = detectCgroupVersion();
    return version && *version == CgroupVersion::V2 ? "Juxta does not use a delegated cgroup v2 subtree yet"
                                                    : "cgroup v1 (this host) cannot be delegated to a user";
}

bool maps(const std::vector<IdRange>& ranges, uint32_t id) {
    for (const IdRange& r : ranges)
        if (id >= r.inside && id - r.inside < r.count) return true;
    return false;
}

}  // namespace

bool rootless() {
    return ::geteuid() != 0;
}

bool IdMapping::mapsUid(uid_t uid) const {
    return maps(uids, uid);
}
bool IdMapping::mapsGid(gid_t gid) const {
    return maps(gids, gid);
}

std::string IdMapping::describe() const {
    std::string s = "uid 0 → " + std::to_string(uids.front().outside);
    if (!subordinate) return s + " only (" + why + ")";
    const IdRange& r = uids.back();
    return s + ", " + std::to_string(r.inside) + ".." + std::to_string(r.inside + r.count - 1) + " → " +
           std::to_string(r.outside) + ".." + std::to_string(r.outside + r.count - 1) +
           " (newuidmap/newgidmap)";
}

std::vector<IdRange> subordinateRanges(const fs::path& file, const std::string& name, uid_t uid) {
    std::vector<IdRange> ranges;
    std::ifstream in(file);
    const std::string uidText = std::to_string(uid);
    for (std::string line; std::getline(in, line);) {
        const std::size_t a = line.find(':');
        const std::size_t b = a == std::string::npos ? a : line.find(':', a + 1);
        if (b == std::string::npos) continue;
        const std::string who = line.substr(0, a);
        if (who != uidText && (name.empty() || who != name)) continue;
        try {
            const unsigned long start = std::stoul(line.substr(a + 1, b - a - 1));
            const unsigned long count = std::stoul(line.substr(b + 1));
            if (count > 0 && start <= UINT32_MAX && count <= UINT32_MAX)
                ranges.push_back({0, uint32_t(start), uint32_t(count)});
        } catch (const std::exception&) {  // a malformed line is skipped, as shadow's tools do
        }
    }
    return ranges;
}

IdMapping planIdMapping(const fs::path& subuid, const fs::path& subgid) {
    const uid_t uid = ::geteuid();
    const gid_t gid = ::getegid();
    IdMapping m;
    m.uids.push_back({0, uid, 1});
    m.gids.push_back({0, gid, 1});
    const std::string name = userName(uid);
    const std::string who = name.empty() ? "uid " + std::to_string(uid) : name;
    const auto uidRanges = subordinateRanges(subuid, name, uid);
    const auto gidRanges = subordinateRanges(subgid, name, uid);
    if (uidRanges.empty()) {
        m.why = "no range for " + who + " in " + subuid.string();
    } else if (gidRanges.empty()) {
        m.why = "no range for " + who + " in " + subgid.string();
    } else if (helper("newuidmap").empty() || helper("newgidmap").empty()) {
        m.why = "newuidmap/newgidmap not installed (Debian package uidmap)";
    } else {
        m.subordinate = true;
        m.uids.push_back({1, uidRanges.front().outside, std::min(uidRanges.front().count, kSubordinateIds)});
        m.gids.push_back({1, gidRanges.front().outside, std::min(gidRanges.front().count, kSubordinateIds)});
    }
    return m;
}

Status writeIdMapping(pid_t child, const IdMapping& m) {
    if (m.subordinate) {
        if (auto st = runHelper(helper("newuidmap"), child, m.uids); !st) return st;
        return runHelper(helper("newgidmap"), child, m.gids);
    }
    // Unprivileged, a process may map only its own ids, and its gid only once setgroups is denied.
    const auto line = [](const IdRange& r) {
        return std::to_string(r.inside) + " " + std::to_string(r.outside) + " " + std::to_string(r.count) +
               "\n";
    };
    if (auto st = writeProcFile(child, "setgroups", "deny"); !st) return st;
    if (auto st = writeProcFile(child, "uid_map", line(m.uids.front())); !st) return st;
    return writeProcFile(child, "gid_map", line(m.gids.front()));
}

Status checkRootlessSpec(const ContainerSpec& spec) {
    if (!rootless()) return {};
    if (!spec.limits.empty())
        return Error(EPERM,
                     "--memory, --cpus and --pids need a cgroup of the container's own, and a rootless "
                     "container has none: " +
                         whyNoCgroup() + " — run as root to set limits, or run without them");
    if (spec.network == Network::Bridge)
        return Error(EPERM,
                     "--net bridge needs root: the juxta0 bridge and the container's veth pair are made on "
                     "the host — run as root, or use --net none (a private network with loopback)");
    return {};
}

Status removeAsContainerRoot(const std::vector<fs::path>& trees) {
    int ready[2], mapped[2], said[2];
    if (::pipe2(ready, O_CLOEXEC) < 0 || ::pipe2(mapped, O_CLOEXEC) < 0 || ::pipe2(said, O_CLOEXEC) < 0)
        return Error::fromErrno("remove as the container's root: pipe");
    UniqueFd readyRead(ready[0]), readyWrite(ready[1]), mappedRead(mapped[0]), mappedWrite(mapped[1]),
        saidRead(said[0]), saidWrite(said[1]);
    const pid_t pid = ::fork();
    if (pid < 0) return Error::fromErrno("remove as the container's root: fork");
    if (pid == 0) {
        char go = 0;
        if (::unshare(CLONE_NEWUSER) < 0 || ::write(readyWrite.get(), "r", 1) != 1 ||
            ::read(mappedRead.get(), &go, 1) != 1)
            ::_exit(1);
        for (const fs::path& tree : trees) {
            std::error_code ec;
            fs::remove_all(tree, ec);
            if (ec) {
                const std::string text = "remove " + tree.string() + ": " + ec.message();
                (void)!::write(saidWrite.get(), text.data(), text.size());
                ::_exit(1);
            }
        }
        ::_exit(0);
    }
    readyWrite.reset();
    mappedRead.reset();
    saidWrite.reset();
    char r = 0;
    Status st = ::read(readyRead.get(), &r, 1) == 1 ? writeIdMapping(pid, planIdMapping())
                                                    : Error(ECHILD, "could not make a user namespace");
    if (st) (void)!::write(mappedWrite.get(), "m", 1);
    mappedWrite.reset();
    std::string text(1024, '\0');
    const ssize_t n = ::read(saidRead.get(), text.data(), text.size());
    text.resize(n > 0 ? std::size_t(n) : 0);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!st) return st.error().wrap("remove as the container's root");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Error(EACCES, text.empty() ? "remove as the container's root: the helper failed" : text);
    return {};
}

std::string pauseNeedsFreezer(const std::string& name) {
    return name + " is rootless: it has no cgroup, so no freezer to pause it with (" + whyNoCgroup() +
           ") — run it as root to pause it, or stop it";
}

bool inOtherUserNamespace(pid_t pid) {
    struct stat mine {
    }, theirs{};
    if (::stat("/proc/self/ns/user", &mine) < 0) return false;
    if (::stat(("/proc/" + std::to_string(pid) + "/ns/user").c_str(), &theirs) < 0) return false;
    return mine.st_ino != theirs.st_ino || mine.st_dev != theirs.st_dev;
}

}  // namespace juxta::runtime
