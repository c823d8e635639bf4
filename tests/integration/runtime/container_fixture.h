#pragma once
// Shared by the runtime's integration tests: a scratch state directory (support/scratch_state.h),
// the busybox image, a base spec to override, and a run that captures the output.
#include <filesystem>
#include <string>
#include <vector>

#include "images/image.h"
#include "runtime/container.h"
#include "support/program_run.h"
#include "support/scratch_state.h"

namespace juxta::testing {

class ContainerFixture {
  public:
    // Sets JUXTA_DATA_DIR / JUXTA_RUNTIME_DIR / JUXTA_STATE_DIR and makes the busybox image.
    // Returns an empty string, or why the tests must be skipped (not root, no busybox).
    std::string setUp();

    std::filesystem::path dataDir() const { return state_.dataDir(); }
    std::filesystem::path runtimeDir() const { return state_.runtimeDir(); }
    const images::Image& busybox() const { return busybox_; }

    // A fresh id, the busybox layer, an in-memory writable layer, the command.
    runtime::ContainerSpec spec(std::vector<std::string> args) const;

    struct Run {
        runtime::ExitStatus exit;
        std::string output;  // stdout and stderr, interleaved
        PhaseTimeline timeline;
    };
    // Starts, collects the output until exit, cleans up. Fails the test on a start error.
    Run run(const runtime::ContainerSpec& spec, runtime::StartOptions options = {}) const;

    // An HTTP/1.0 GET of address:port/path from this process, the reply as read to EOF ("connect
    // failed" if nothing listens). The request side is half-closed once sent, as a client may.
    static std::string httpGet(const std::string& address, int port, const std::string& path);

    // Leftovers of a container: cgroup directories and mounts naming the id or the temp dir.
    std::vector<std::string> leftovers(const std::string& id) const;

  private:
    std::filesystem::path root() const { return state_.root(); }
    ScratchState state_;
    images::Image busybox_;
};

}  // namespace juxta::testing
