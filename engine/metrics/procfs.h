#pragma once
// Parsers for the /proc files the host sampler reads. Pure functions over the file's text, so tests
// feed them recorded samples.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace juxta::procfs {

struct CpuTimes {  // jiffies since boot
    uint64_t busy = 0;
    uint64_t total = 0;
};

struct CpuStat {
    CpuTimes all;                 // the "cpu" line
    std::vector<CpuTimes> cores;  // "cpu0", "cpu1", ...
};

struct MemInfo {  // bytes
    uint64_t total = 0;
    uint64_t available = 0;
    uint64_t cached = 0;
};

struct IoCounters {  // bytes since boot, summed over devices
    uint64_t read = 0;
    uint64_t written = 0;
};

struct LoadAvg {
    double one = 0, five = 0, fifteen = 0;
};

Result<CpuStat> parseStat(std::string_view text);
Result<MemInfo> parseMeminfo(std::string_view text);
// Whole disks only: partitions (a device whose name extends another listed device's name), loop, ram
// and zram devices are left out so no byte is counted twice.
Result<IoCounters> parseDiskstats(std::string_view text);
// Every interface but loopback. read = received, written = transmitted.
Result<IoCounters> parseNetDev(std::string_view text);
// Each interface (loopback too) by name.
Result<std::map<std::string, IoCounters>> parseNetDevLinks(std::string_view text);
Result<LoadAvg> parseLoadavg(std::string_view text);

// CPU use between two readings, in percent of the given span (0..100).
double busyPercent(const CpuTimes& before, const CpuTimes& after);

}  // namespace juxta::procfs
