#include "metrics/procfs.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <sstream>

namespace juxta::procfs {
namespace {

std::vector<std::string_view> lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        auto nl = text.find('\n');
        out.push_back(text.substr(0, nl));
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return out;
}

std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        if (j > i) out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

bool toU64(std::string_view s, uint64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

Error malformed(const char* file, std::string_view why) {
    return Error(EINVAL, std::string(file) + ": unexpected format (" + std::string(why) + ")");
}

Result<CpuTimes> cpuLine(const std::vector<std::string_view>& f) {
    // user nice system idle iowait irq softirq steal [guest guest_nice: already inside user/nice]
    if (f.size() < 5) return malformed("/proc/stat", "short cpu line");
    uint64_t v[8] = {};
    for (std::size_t i = 1; i < f.size() && i <= 8; ++i)
        if (!toU64(f[i], v[i - 1])) return malformed("/proc/stat", "non-numeric cpu field");
    CpuTimes t;
    for (uint64_t x : v) t.total += x;
    t.busy = t.total - v[3] - v[4];  // minus idle and iowait
    return t;
}

}  // namespace

Result<CpuStat> parseStat(std::string_view text) {
    CpuStat st;
    bool sawAll = false;
    for (auto line : lines(text)) {
        if (line.rfind("cpu", 0) != 0) continue;
        auto f = fields(line);
        auto t = cpuLine(f);
        if (!t) return t.error();
        if (f[0] == "cpu") {
            st.all = *t;
            sawAll = true;
        } else {
            st.cores.push_back(*t);
        }
    }
    if (!sawAll) return malformed("/proc/stat", "no cpu line");
    return st;
}

Result<MemInfo> parseMeminfo(std::string_view text) {
    MemInfo m;
    bool total = false, available = false;
    for (auto line : lines(text)) {
        auto f = fields(line);
        if (f.size() < 2) continue;
        uint64_t kb = 0;
        if (!toU64(f[1], kb)) continue;
        if (f[0] == "MemTotal:")
            m.total = kb * 1024, total = true;
        else if (f[0] == "MemAvailable:")
            m.available = kb * 1024, available = true;
        else if (f[0] == "Cached:")
            m.cached = kb * 1024;
    }
    if (!total || !available) return malformed("/proc/meminfo", "no MemTotal or MemAvailable");
    return m;
}

Result<IoCounters> parseDiskstats(std::string_view text) {
    struct Dev {
        std::string_view name;
        uint64_t sectorsRead, sectorsWritten;
    };
    std::vector<Dev> devs;
    for (auto line : lines(text)) {
        auto f = fields(line);
        if (f.empty()) continue;
        // major minor name reads merged sectors ms writes merged sectors ...
        if (f.size() < 10) return malformed("/proc/diskstats", "short line");
        Dev d{f[2], 0, 0};
        if (!toU64(f[5], d.sectorsRead) || !toU64(f[9], d.sectorsWritten))
            return malformed("/proc/diskstats", "non-numeric sector count");
        devs.push_back(d);
    }
    IoCounters io;
    for (const Dev& d : devs) {
        const auto startsWith = [&](std::string_view p) { return d.name.rfind(p, 0) == 0; };
        if (startsWith("loop") || startsWith("ram") || startsWith("zram")) continue;
        bool partition = std::any_of(devs.begin(), devs.end(), [&](const Dev& o) {
            return o.name.size() < d.name.size() && d.name.rfind(o.name, 0) == 0;
        });
        if (partition) continue;
        io.read += d.sectorsRead * 512;  // diskstats sectors are always 512 bytes
        io.written += d.sectorsWritten * 512;
    }
    return io;
}

Result<std::map<std::string, IoCounters>> parseNetDevLinks(std::string_view text) {
    std::map<std::string, IoCounters> out;
    for (auto line : lines(text)) {
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;  // the two header lines
        auto name = fields(line.substr(0, colon));
        auto f = fields(line.substr(colon + 1));
        if (name.size() != 1 || f.size() < 9) return malformed("/proc/net/dev", "short interface line");
        IoCounters io;
        if (!toU64(f[0], io.read) || !toU64(f[8], io.written))
            return malformed("/proc/net/dev", "non-numeric byte count");
        out[std::string(name[0])] = io;
    }
    return out;
}

Result<IoCounters> parseNetDev(std::string_view text) {
    auto links = parseNetDevLinks(text);
    if (!links) return links.error();
    IoCounters io;
    for (const auto& [name, link] : *links) {
        if (name == "lo") continue;
        io.read += link.read;
        io.written += link.written;
    }
    return io;
}

Result<LoadAvg> parseLoadavg(std::string_view text) {
    LoadAvg l;
    std::istringstream in{std::string(text)};
    if (!(in >> l.one >> l.five >> l.fifteen)) return malformed("/proc/loadavg", "expected three numbers");
    return l;
}

double busyPercent(const CpuTimes& before, const CpuTimes& after) {
    if (after.total <= before.total || after.busy < before.busy) return 0;
    double p = 100.0 * double(after.busy - before.busy) / double(after.total - before.total);
    return std::clamp(p, 0.0, 100.0);
}

}  // namespace juxta::procfs
