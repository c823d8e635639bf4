#pragma once
// A bounded HTTP load for the compose scenario: N keep-alive connections to one host and port, each
// sending `GET path` as soon as its last answer came, for a fixed time. The server is the user's (or an
// image's) program, so its answers are hostile input: a header block over 64 KiB, a body over 64 MiB, a
// chunk size that does not parse, or no answer within the timeout ends that connection with an error
// (counted; the connection is opened again), never the run.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compare/result.h"

namespace juxta::compare {

struct LoadRequest {
    std::string host = "127.0.0.1";  // an IPv4 address
    uint16_t port = 0;
    std::string path = "/";
    int connections = 4;  // 1 to 64
    std::chrono::milliseconds duration{10000};
    std::chrono::milliseconds timeout{10000};  // for one answer
    std::function<bool()> cancelled;           // checked between requests
};

struct LoadRun {
    LoadFigures figures;
    // Answers per whole second of the run: (ms from its start to the second's end, answers in it).
    std::vector<std::pair<double, double>> perSecond;
};

// EINVAL for a request out of bounds (no port, a path not starting with '/', connections).
Result<LoadRun> runLoad(const LoadRequest& request);

// One answer read whole from a connection by deadlineNs (CLOCK_MONOTONIC): its status, or nothing when
// it is malformed, over the bounds above, or not done by then. What the load does for each request;
// the fuzzer (tests/fuzz/fuzz_http_answer.cpp) feeds it a socket's bytes.
std::optional<int> readHttpAnswer(int fd, int64_t deadlineNs);

}  // namespace juxta::compare
