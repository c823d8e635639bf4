#pragma once
// The console socket of an instance with a terminal (a container made with -t, a VM's serial
// console): the wire format shared by its server (the container's monitor or the VM's, server.h)
// and its clients (juxtactl console, the GUI's Console tab).
//
//   socket:            a Unix stream socket in the instance's runtime state directory, mode 0600;
//                      it exists while the instance runs (created before `start` returns, removed
//                      when the instance ends).
//   server -> client:  the raw bytes the terminal produces, from the moment the client connected
//                      (the past is in the instance's log). EOF: the instance ended.
//   client -> server:  frames  type (1 byte) | length (uint32 LE) | payload (length bytes)
//                        'd'  bytes to write to the pty (what the user types)
//                        'r'  resize: rows (uint16 LE), cols (uint16 LE)
//                      other types are skipped by length; a length over kMaxFrame closes the client.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::console {

inline constexpr char kData = 'd';
inline constexpr char kResize = 'r';
inline constexpr std::size_t kHeaderSize = 5;
inline constexpr std::uint32_t kMaxFrame = 1u << 20;

std::string encodeFrame(char type, std::string_view payload);
std::string encodeData(std::string_view bytes);
std::string encodeResize(std::uint16_t rows, std::uint16_t cols);

struct Frame {
    char type;
    std::string_view payload;  // points into the decoded buffer
};

// Takes the complete frames off the front of `buffer` into `frames`; returns how many bytes they
// used (an incomplete frame at the end waits for more). EMSGSIZE: a length over kMaxFrame.
Result<std::size_t> decodeFrames(std::string_view buffer, std::vector<Frame>& frames);

// Rows and cols of a resize payload; EINVAL unless it is exactly 4 bytes.
struct WindowSize {
    std::uint16_t rows = 0, cols = 0;
};
Result<WindowSize> decodeResize(std::string_view payload);

// A connected client socket (close-on-exec, blocking). ENOENT/ECONNREFUSED: nothing serves it.
Result<UniqueFd> connectSocket(const std::filesystem::path& path);

}  // namespace juxta::console
