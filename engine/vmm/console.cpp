#include "vmm/console.h"

#include <unistd.h>

#include <cerrno>

#include "vmm/boot_timeline.h"

namespace juxta::vmm {

namespace {
constexpr size_t kMaxLine = 1024;
}

ConsoleSink::ConsoleSink(int fd, BootTimeline* timeline,
                         std::vector<std::pair<std::string, std::string>> milestones)
    : fd_(fd), timeline_(timeline), milestones_(std::move(milestones)) {}

std::vector<std::pair<std::string, std::string>> ConsoleSink::linuxMilestones() {
    return {{"Linux version", "linux_version"}, {"Command line:", "command_line"}, {"Run /init", "run_init"}};
}

void ConsoleSink::put(uint8_t byte) {
    if (bytes_++ == 0 && timeline_) timeline_->markOnce("first_console_byte");
    if (fd_ >= 0) {
        ssize_t n;
        do {
            n = ::write(fd_, &byte, 1);
        } while (n < 0 && errno == EINTR);
    }
    if (byte == '\n' || line_.size() >= kMaxLine) {
        line_.clear();
        return;
    }
    line_.push_back(char(byte));
    if (!timeline_) return;
    for (const auto& [text, phase] : milestones_)
        if (line_.size() >= text.size() && line_.compare(line_.size() - text.size(), text.size(), text) == 0)
            timeline_->markOnce(phase);
}

}  // namespace juxta::vmm
