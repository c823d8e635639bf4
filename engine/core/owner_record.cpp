#include "core/owner_record.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "core/paths.h"
#include "core/read_file.h"

namespace juxta {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxRecord = 64 * 1024;  // a record is a few lines; more is not ours

template <typename T>
bool parseNumber(std::string_view text, T& out) {
    return !text.empty() &&
           std::from_chars(text.data(), text.data() + text.size(), out).ptr == text.data() + text.size();
}

enum class Ended { no, yes };

std::optional<ProcessIdentity> identityFromStat(pid_t pid, Ended ended) {
    auto stat =
        readFile("/proc/" + std::to_string(pid) + "/stat", {.maxBytes = 4096, .followSymlinks = false});
    if (!stat) return std::nullopt;
    // "pid (comm) state ppid ...": comm may hold anything, so count fields after the last ')'.
    const std::size_t close = stat->rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::string_view rest = std::string_view(*stat).substr(close + 1);
    for (int field = 3; field <= 22; ++field) {  // field 3 (state) is the first after ')'
        const std::size_t start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) return std::nullopt;
        rest.remove_prefix(start);
        const std::size_t end = std::min(rest.find(' '), rest.size());
        // A zombie has ended: it owns nothing any more, whenever its parent gets to reap it.
        if (field == 3 && ended == Ended::no && (rest[0] == 'Z' || rest[0] == 'X')) return std::nullopt;
        if (field == 22) {
            ProcessIdentity p{pid, 0};
            if (!parseNumber(rest.substr(0, end), p.startTime)) return std::nullopt;
            return p;
        }
        rest.remove_prefix(end);
    }
    return std::nullopt;
}

}  // namespace

std::optional<ProcessIdentity> identityOf(pid_t pid) {
    return identityFromStat(pid, Ended::no);
}

std::optional<ProcessIdentity> identityOfUnreapedChild(pid_t pid) {
    return identityFromStat(pid, Ended::yes);
}

bool isAlive(const ProcessIdentity& process) {
    auto now = identityOf(process.pid);
    return now && now->startTime == process.startTime;
}

std::string toString(const ProcessIdentity& p) {
    return std::to_string(p.pid) + " " + std::to_string(p.startTime);
}

std::optional<ProcessIdentity> parseIdentity(std::string_view text) {
    const std::size_t space = text.find(' ');
    ProcessIdentity p;
    if (space == std::string_view::npos || !parseNumber(text.substr(0, space), p.pid) || p.pid <= 0 ||
        !parseNumber(text.substr(space + 1), p.startTime))
        return std::nullopt;
    return p;
}

Result<OwnerRecord> OwnerRecord::create(const fs::path& file) {
    const std::string context = "write " + file.string();
    auto dir = paths::ensureDir(file.parent_path());
    if (!dir) return dir.error().wrap(context);
    auto self = identityOf(::getpid());
    if (!self) return Error::fromErrno(context + ": read /proc/self/stat");
    // It appears whole (an unnamed file, linked in once written) and leaves nothing if this process
    // is killed before. No fsync: a killed process loses nothing the kernel has, and a reboot takes
    // what a record names (cgroups, links, processes; /run itself) with it.
    const std::string owner = "owner " + toString(*self) + "\n";
    OwnerRecord r;
    r.file_ = file;
    r.fd_.reset(::open(file.parent_path().c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
    ::unlink(file.c_str());  // a reclaimed one, or one left by a process of this very pid and start
    if (!r.fd_ || ::write(r.fd_.get(), owner.data(), owner.size()) != ssize_t(owner.size()) ||
        ::fcntl(r.fd_.get(), F_SETFL, O_APPEND) < 0 ||
        ::linkat(AT_FDCWD, ("/proc/self/fd/" + std::to_string(r.fd_.get())).c_str(), AT_FDCWD, file.c_str(),
                 AT_SYMLINK_FOLLOW) < 0)
        return Error::fromErrno(context);
    return r;
}

Status OwnerRecord::note(std::string_view kind, std::string_view value) {
    if (!fd_) return {};  // none (a moved-from one): nothing to note
    std::string line(kind);
    if (!value.empty()) line.append(" ").append(value);
    line += '\n';
    if (::write(fd_.get(), line.data(), line.size()) != ssize_t(line.size()))
        return Error::fromErrno("note " + std::string(kind) + " in " + file_.string());
    return {};
}

void OwnerRecord::remove() {
    if (!fd_) return;
    fd_.reset();
    removeOwnerRecord(file_);
}

Result<RecordEntries> readOwnerRecord(const fs::path& file) {
    auto text = readFile(file, {.maxBytes = kMaxRecord, .followSymlinks = false});
    if (!text) return text.error();
    RecordEntries r;
    bool owned = false;
    std::string_view rest = *text;
    for (std::size_t eol; (eol = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(eol + 1)) {
        const std::string_view line = rest.substr(0, eol);
        const std::size_t space = line.find(' ');
        const std::string_view kind = line.substr(0, space);
        const std::string_view value = space == std::string_view::npos ? "" : line.substr(space + 1);
        if (!owned) {
            auto p = kind == "owner" ? parseIdentity(value) : std::nullopt;
            if (!p) break;
            r.owner = *p;
            owned = true;
            continue;
        }
        r.entries.emplace_back(kind, value);
    }
    if (!owned) return Error(EINVAL, file.string() + " names no owner");
    return r;
}

void removeOwnerRecord(const fs::path& file) {
    ::unlink(file.c_str());
    ::rmdir(file.parent_path().c_str());  // only when empty: a monitor's state.json stays
}

}  // namespace juxta
