#pragma once
// Which of some directories changed: an entry made, removed or renamed, a file closed after
// writing, or an entry's attributes changed (inotify, one descriptor for them all, read without
// blocking). A file written in place and kept open (a ring file) is not a change. What it cannot
// watch (a directory that is not there, no inotify, no watches left) add() says, and the caller
// finds out the old way for that directory.
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/unique_fd.h"

namespace juxta {

class DirWatch {
  public:
    DirWatch();  // without inotify every add() is false
    // Watches DIR. Its changes are reported as TAG, or, with an empty TAG, as the names of the
    // entries that changed (a directory of instances: their ids). False when it cannot be watched.
    bool add(const std::filesystem::path& dir, const std::string& tag);
    struct Changes {
        std::set<std::string> tags;     // of tagged directories, and the entries of untagged ones
        std::set<std::string> entered;  // untagged directories (as added) where an entry came or went
        bool overflow = false;          // events were lost: anything may have changed
    };
    // What changed since the last call; also a watched directory that went away (its tag).
    Changes take();

  private:
    struct Watched {
        std::string dir, tag;
    };
    UniqueFd fd_;
    std::map<int, Watched> watches_;  // by watch descriptor
};

}  // namespace juxta
