#include "core/dir_watch.h"

#include <sys/inotify.h>

#include <cerrno>
#include <cstring>

#include "core/log.h"

namespace juxta {
namespace {

constexpr uint32_t kMask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB |
                           IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
constexpr uint32_t kEntries = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;

}  // namespace

DirWatch::DirWatch() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (!fd_) log::get("metrics")->debug("inotify: {}", std::strerror(errno));
}

bool DirWatch::add(const std::filesystem::path& dir, const std::string& tag) {
    if (!fd_) return false;
    const int wd = ::inotify_add_watch(fd_.get(), dir.c_str(), kMask);
    if (wd < 0) {
        if (errno != ENOENT)
            log::get("metrics")->debug("inotify watch on {}: {}", dir.string(), std::strerror(errno));
        return false;
    }
    watches_[wd] = {dir.string(), tag};
    return true;
}

DirWatch::Changes DirWatch::take() {
    Changes out;
    if (!fd_) return out;
    alignas(inotify_event) char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // EAGAIN: nothing more
        for (ssize_t at = 0; at + ssize_t(sizeof(inotify_event)) <= n;) {
            const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
            at += ssize_t(sizeof(inotify_event) + e->len);
            if (e->mask & IN_Q_OVERFLOW) {
                out.overflow = true;
                continue;
            }
            auto it = watches_.find(e->wd);
            if (it == watches_.end()) continue;
            const Watched& w = it->second;
            if (!w.tag.empty()) {
                out.tags.insert(w.tag);
            } else {
                if (e->len > 0 && e->name[0]) out.tags.insert(e->name);
                if (e->mask & (kEntries | IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
                    out.entered.insert(w.dir);
            }
            if (e->mask & IN_IGNORED) watches_.erase(it);  // the directory is gone (or unwatched)
        }
    }
    return out;
}

}  // namespace juxta
