#pragma once
// A record of what an instance has made on the host, owned by the process that makes it, written
// before each thing is made so that whoever finds the owner gone can remove it all. The format —
// one "kind value" line per thing — and what each kind means belong to the user: a container's
// (runtime/resource_record.h), a VM's (vmm/lifecycle/vm_monitor.cpp).
//
// The first line, "owner <pid> <start-time>", comes with the file (written unnamed, O_TMPFILE, and
// linked in), so a record never lacks its owner; each later line is one write(2) with O_APPEND,
// made before the thing it names, and a last line without its newline is ignored (what it would
// name was not made). The owner is alive while a process with its pid and start time
// (/proc/PID/stat) exists: a recycled pid is never taken for it.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta {

struct ProcessIdentity {
    pid_t pid = 0;
    uint64_t startTime = 0;  // field 22 of /proc/PID/stat: clock ticks after boot
};
// nullopt when there is no such process, or it has ended (a zombie).
std::optional<ProcessIdentity> identityOf(pid_t pid);
// The identity of a child of this process that it has not reaped, ended or not: its pid cannot
// be taken by another process before the wait, so the identity is still its own.
std::optional<ProcessIdentity> identityOfUnreapedChild(pid_t pid);
bool isAlive(const ProcessIdentity& process);
// "<pid> <start-time>", as a record line's value.
std::string toString(const ProcessIdentity& process);
std::optional<ProcessIdentity> parseIdentity(std::string_view text);

class OwnerRecord {
  public:
    // Writes `file` (0600, its directory made 0700) with this process as the owner.
    static Result<OwnerRecord> create(const std::filesystem::path& file);
    OwnerRecord() = default;
    Status note(std::string_view kind, std::string_view value = {});
    // Everything it named is gone: the record goes, and its directory when nothing else is left.
    void remove();

  private:
    std::filesystem::path file_;
    UniqueFd fd_;
};

struct RecordEntries {
    ProcessIdentity owner;
    std::vector<std::pair<std::string, std::string>> entries;  // kind, value; in order
};
// ENOENT when there is none; EINVAL when it names no owner.
Result<RecordEntries> readOwnerRecord(const std::filesystem::path& file);
// Removes the record and, when empty, its directory.
void removeOwnerRecord(const std::filesystem::path& file);

}  // namespace juxta
