#pragma once
// A keeper: a small process forked by the owner of an instance (juxtactl run or a monitor for a
// container, a VM's monitor for juxta-vmm) right after the instance's process exists, holding a
// pidfd of it and the read end of a pipe whose write end only the owner has. When the owner dies
// — SIGKILL included — the pipe reads end-of-file and the keeper kills the process: a container's
// init, which ends its pid namespace and so every process in it. PR_SET_PDEATHSIG cannot do this:
// the kernel clears it when the init changes to the image's user, and posix_spawn cannot set it.
// The keeper ends when the process does (its pidfd turns readable) or when the owner lets it go.
// Once forked it execs a program of its own (keeper/keeper_main.cpp, from a sealed memfd), so it
// holds a few pages, not a copy of its owner's memory.
#include <sys/types.h>

#include <utility>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta {

class Keeper {
  public:
    // Forks the keeper; in it only async-signal-safe calls run, so any process may call this.
    static Result<Keeper> watch(int pidFd);
    Keeper() = default;
    Keeper(Keeper&& other) noexcept
        : pid_(std::exchange(other.pid_, -1)), ownerEnd_(std::move(other.ownerEnd_)) {}
    Keeper& operator=(Keeper&& other) noexcept {
        release();
        pid_ = std::exchange(other.pid_, -1);
        ownerEnd_ = std::move(other.ownerEnd_);
        return *this;
    }
    ~Keeper() { release(); }
    // The owner is done (the process is reaped): the keeper exits, and is reaped here.
    void release();

  private:
    pid_t pid_ = -1;
    UniqueFd ownerEnd_;  // closed by the owner's death or by release()
};

}  // namespace juxta
