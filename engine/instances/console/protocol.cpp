#include "instances/console/protocol.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace juxta::console {
namespace {

void putLe(std::string& out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(char((value >> (8 * i)) & 0xff));
}

std::uint32_t getLe(std::string_view in, int bytes) {
    std::uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint32_t(std::uint8_t(in[std::size_t(i)])) << (8 * i);
    return v;
}

}  // namespace

std::string encodeFrame(char type, std::string_view payload) {
    std::string out;
    out.reserve(kHeaderSize + payload.size());
    out.push_back(type);
    putLe(out, payload.size(), 4);
    out.append(payload);
    return out;
}

std::string encodeData(std::string_view bytes) {
    return encodeFrame(kData, bytes);
}

std::string encodeResize(std::uint16_t rows, std::uint16_t cols) {
    std::string payload;
    putLe(payload, rows, 2);
    putLe(payload, cols, 2);
    return encodeFrame(kResize, payload);
}

Result<std::size_t> decodeFrames(std::string_view buffer, std::vector<Frame>& frames) {
    std::size_t used = 0;
    while (buffer.size() - used >= kHeaderSize) {
        const std::uint32_t length = getLe(buffer.substr(used + 1), 4);
        if (length > kMaxFrame)
            return Error(EMSGSIZE, "console frame of " + std::to_string(length) + " bytes (at most " +
                                       std::to_string(kMaxFrame) + ")");
        if (buffer.size() - used - kHeaderSize < length) break;
        frames.push_back({buffer[used], buffer.substr(used + kHeaderSize, length)});
        used += kHeaderSize + length;
    }
    return used;
}

Result<WindowSize> decodeResize(std::string_view payload) {
    if (payload.size() != 4)
        return Error(EINVAL,
                     "console resize frame of " + std::to_string(payload.size()) + " bytes (needs 4)");
    return WindowSize{std::uint16_t(getLe(payload, 2)), std::uint16_t(getLe(payload.substr(2), 2))};
}

Result<UniqueFd> connectSocket(const std::filesystem::path& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof addr.sun_path)
        return Error(ENAMETOOLONG, "console socket path too long: " + path.string());
    std::memcpy(addr.sun_path, path.c_str(), path.native().size());
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return Error::fromErrno("console socket");
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) < 0)
        return Error::fromErrno("connect " + path.string());
    return fd;
}

}  // namespace juxta::console
