#pragma once
// Paths inside a container's root filesystem, resolved inside it. The image is an attacker: any
// component may be a symlink aimed at the host ("proc -> /", "dev -> /proc/self/cwd"). Nothing
// here follows a path by its name from the host's point of view: every lookup is an
// openat2(RESOLVE_IN_ROOT) below an fd of the container's root (symlinks are clamped to that
// root, magic links refused), and the result is used through its fd (mount onto
// /proc/self/fd/N, mknodat/symlinkat in a directory fd) — the approach of crun and runc's securejoin.
#include <sys/types.h>

#include <string>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::runtime {

// Opens `path` (absolute or relative, as the container would name it) with openat2 and
// RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS below rootFd. `resolve` adds RESOLVE_* flags
// (RESOLVE_NO_SYMLINKS, RESOLVE_NO_XDEV).
Result<UniqueFd> openInRoot(int rootFd, const std::string& path, int flags, unsigned long long resolve = 0,
                            mode_t mode = 0);

// A directory to mount on (/proc, /sys, /dev): made (0755) where missing, and refused by name
// when any component is a symlink or not a directory. Returns an O_PATH fd of it.
Result<UniqueFd> mountDirInRoot(int rootFd, const std::string& path);

// The target of a bind mount (/etc/hosts, a volume): its parent is resolved inside the root
// (an image's "/var/run -> /run" works), missing directories are made; the last component is
// made (an empty file when `file`, else a directory) and refused when it is a symlink or of the
// other kind. Returns an O_PATH fd of it.
Result<UniqueFd> mountTargetInRoot(int rootFd, const std::string& path, bool file);

// "/proc/self/fd/N": how mount(2) is handed a target that was resolved as an fd.
std::string fdPath(int fd);

}  // namespace juxta::runtime
