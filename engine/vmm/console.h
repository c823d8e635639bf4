#pragma once
// Where a UART's bytes go: a file descriptor (stdout or a file), written as they come, while the
// lines are watched for the kernel's milestones ("Linux version", "Run /init") so they land on
// the boot timeline with the time they arrived.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace juxta::vmm {

class BootTimeline;

class ConsoleSink {
  public:
    // `milestones`: (line prefix searched anywhere in a line, phase name).
    ConsoleSink(int fd, BootTimeline* timeline,
                std::vector<std::pair<std::string, std::string>> milestones = {});
    void put(uint8_t byte);
    uint64_t bytesWritten() const { return bytes_; }

    static std::vector<std::pair<std::string, std::string>> linuxMilestones();

  private:
    int fd_;
    BootTimeline* timeline_;
    std::vector<std::pair<std::string, std::string>> milestones_;
    std::string line_;
    uint64_t bytes_ = 0;
};

}  // namespace juxta::vmm
