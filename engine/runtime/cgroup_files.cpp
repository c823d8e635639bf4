#include "runtime/cgroup_files.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "core/unique_fd.h"

namespace juxta::runtime::cgroupfs {

Status writeFile(const std::filesystem::path& file, std::string_view value) {
    UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC | O_TRUNC));
    if (!fd) return Error::fromErrno("open " + file.string());
    if (::write(fd.get(), value.data(), value.size()) != ssize_t(value.size()))
        return Error::fromErrno("write '" + std::string(value) + "' to " + file.string());
    return {};
}

Result<int64_t> readInt(const std::filesystem::path& file) {
    auto text = readFile(file);
    if (!text) return text.error();
    const std::string& s = text.value();
    if (s.rfind("max", 0) == 0) return int64_t(-1);
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc()) return Error(EINVAL, file.string() + ": not a number: '" + s + "'");
    return v;
}

IoBytes ioBytesV1(std::string_view text) {
    IoBytes out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        std::size_t a = line.find(' '), b = line.rfind(' ');
        if (a == std::string_view::npos || a == b) continue;
        std::string_view op = line.substr(a + 1, b - a - 1);
        int64_t n = 0;
        std::from_chars(line.data() + b + 1, line.data() + line.size(), n);
        if (op == "Read")
            out.read += n;
        else if (op == "Write")
            out.written += n;
    }
    return out;
}

IoBytes ioBytesV2(std::string_view text) {
    const auto sum = [&](std::string_view key) {
        int64_t total = 0;
        for (std::size_t pos = text.find(key); pos != std::string_view::npos; pos = text.find(key, pos + 1)) {
            if (pos > 0 && text[pos - 1] != ' ') continue;
            int64_t n = 0;
            std::from_chars(text.data() + pos + key.size(), text.data() + text.size(), n);
            total += n;
        }
        return total;
    };
    return {sum("rbytes="), sum("wbytes=")};
}

int64_t keyedValue(std::string_view content, std::string_view key, int64_t fallback) {
    std::size_t pos = 0;
    while (pos < content.size()) {
        std::size_t eol = content.find('\n', pos);
        if (eol == std::string_view::npos) eol = content.size();
        std::string_view line = content.substr(pos, eol - pos);
        if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ' ') {
            int64_t v = 0;
            std::string_view num = line.substr(key.size() + 1);
            if (std::from_chars(num.data(), num.data() + num.size(), v).ec == std::errc()) return v;
        }
        pos = eol + 1;
    }
    return fallback;
}

void killTasks(const std::filesystem::path& procsFile) {
    auto procs = readFile(procsFile);
    if (!procs) return;
    std::string_view text = *procs;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        pid_t pid = 0;
        if (std::from_chars(text.data() + pos, text.data() + eol, pid).ec == std::errc() && pid > 0)
            ::kill(pid, SIGKILL);
        pos = eol + 1;
    }
}

Status pollUntil(const std::function<Result<bool>()>& done, std::string_view what) {
    for (int i = 0; i < 2000; ++i) {
        auto d = done();
        if (!d) return d.error().wrap(what);
        if (*d) return {};
        const timespec pause{0, 1'000'000};
        ::nanosleep(&pause, nullptr);
    }
    return Error(ETIMEDOUT, std::string(what) + ": no result within 2 s");
}

Status makeDir(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0755) < 0 && errno != EEXIST) return Error::fromErrno("mkdir " + dir.string());
    return {};
}

Status removeDir(const std::filesystem::path& dir) {
    for (int attempt = 0;; ++attempt) {
        if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return {};
        if (errno != EBUSY || attempt == 200) return Error::fromErrno("remove cgroup " + dir.string());
        const timespec pause{0, 1'000'000};  // the last task is still being reaped
        ::nanosleep(&pause, nullptr);
    }
}

}  // namespace juxta::runtime::cgroupfs
