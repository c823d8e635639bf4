#include "core/bounded_json.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/unique_fd.h"

namespace juxta {

using nlohmann::json;

Result<json> parseBoundedJson(std::string_view text, const JsonLimits& limits, std::string_view what) {
    if (text.size() > limits.maxBytes)
        return Error(EFBIG, std::string(what) + ": " + std::to_string(text.size()) +
                                " bytes, more than the " + std::to_string(limits.maxBytes) +
                                " a valid one may have");
    // nlohmann's parser keeps its own stack (no recursion); the callback sees each container open
    // with the number of containers around it and discards what is too deep, so no deep tree is
    // ever built (copying or printing one would recurse).
    bool tooDeep = false;
    const json::parser_callback_t depthCheck = [&](int depth, json::parse_event_t event, json&) {
        if (event != json::parse_event_t::object_start && event != json::parse_event_t::array_start)
            return true;
        if (depth < limits.maxDepth) return !tooDeep;
        tooDeep = true;
        return false;
    };
    try {
        json j = json::parse(text.begin(), text.end(), depthCheck, /*allow_exceptions=*/true);
        if (tooDeep)
            return Error(EINVAL, std::string(what) + ": nested deeper than " +
                                     std::to_string(limits.maxDepth) + " levels");
        return j;
    } catch (const json::exception& e) {
        return Error(EINVAL, std::string(what) + ": not valid JSON: " + e.what());
    } catch (const std::exception& e) {  // std::bad_alloc and the like: an Error all the same
        return Error(ENOMEM, std::string(what) + ": " + e.what());
    }
}

Result<std::string> readBoundedText(const std::filesystem::path& file, const JsonLimits& limits,
                                    std::string_view what) {
    const std::string name = std::string(what) + " " + file.string();
    UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd.valid()) return Error::fromErrno(name);
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0) return Error::fromErrno(name);
    if (!S_ISREG(st.st_mode)) return Error(EINVAL, name + ": not a regular file");
    const auto tooLarge = [&](std::size_t size) {
        return Error(EFBIG, name + ": " + std::to_string(size) + " bytes, more than the " +
                                std::to_string(limits.maxBytes) + " a valid one may have");
    };
    if (std::size_t(st.st_size) > limits.maxBytes) return tooLarge(std::size_t(st.st_size));
    std::string text;
    char buffer[16384];
    for (;;) {  // to the end, not to st_size: the file may have grown since
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno(name);
        if (n == 0) break;
        text.append(buffer, std::size_t(n));
        if (text.size() > limits.maxBytes) return tooLarge(text.size());
    }
    return text;
}

Result<json> readBoundedJsonFile(const std::filesystem::path& file, const JsonLimits& limits,
                                 std::string_view what) {
    auto text = readBoundedText(file, limits, what);
    if (!text) return text.error();
    return parseBoundedJson(*text, limits, std::string(what) + " " + file.string());
}

}  // namespace juxta
