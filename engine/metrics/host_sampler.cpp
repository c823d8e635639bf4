#include "metrics/host_sampler.h"

#include "core/read_file.h"

namespace juxta {
namespace {

double rate(uint64_t before, uint64_t after, double seconds) {
    if (seconds <= 0 || after < before) return 0;  // counters reset (device removed): skip a beat
    return double(after - before) / seconds;
}

}  // namespace

HostSampler::HostSampler(std::filesystem::path procRoot) : procRoot_(std::move(procRoot)) {}

Result<std::string> HostSampler::read(const char* name) const {
    auto text = readFile(procRoot_ / name);
    if (!text)
        return Error(text.error().code(),
                     text.error().message() + " — check that /proc is mounted and readable");
    return text;
}

Result<MetricSample> HostSampler::sample(int64_t timeMs) {
    auto statText = read("stat");
    if (!statText) return statText.error();
    auto memText = read("meminfo");
    if (!memText) return memText.error();
    auto diskText = read("diskstats");
    if (!diskText) return diskText.error();
    auto netText = read("net/dev");
    if (!netText) return netText.error();
    auto loadText = read("loadavg");
    if (!loadText) return loadText.error();

    auto cpu = procfs::parseStat(*statText);
    if (!cpu) return cpu.error();
    auto mem = procfs::parseMeminfo(*memText);
    if (!mem) return mem.error();
    auto disk = procfs::parseDiskstats(*diskText);
    if (!disk) return disk.error();
    auto net = procfs::parseNetDev(*netText);
    if (!net) return net.error();
    auto load = procfs::parseLoadavg(*loadText);
    if (!load) return load.error();

    MetricSample s;
    s.timeMs = timeMs;
    s.memoryTotal = double(mem->total);
    s.memoryUsed = double(mem->total - std::min(mem->total, mem->available));
    s.memoryCached = double(mem->cached);
    s.load1 = load->one;
    s.load5 = load->five;
    s.load15 = load->fifteen;
    s.corePercent.assign(cpu->cores.size(), 0.0);
    if (last_) {
        const double seconds = double(timeMs - last_->timeMs) / 1000.0;
        s.cpuPercent = procfs::busyPercent(last_->cpu.all, cpu->all);
        for (std::size_t i = 0; i < cpu->cores.size() && i < last_->cpu.cores.size(); ++i)
            s.corePercent[i] = procfs::busyPercent(last_->cpu.cores[i], cpu->cores[i]);
        s.diskReadBps = rate(last_->disk.read, disk->read, seconds);
        s.diskWriteBps = rate(last_->disk.written, disk->written, seconds);
        s.netRxBps = rate(last_->net.read, net->read, seconds);
        s.netTxBps = rate(last_->net.written, net->written, seconds);
    }
    last_ = Reading{timeMs, std::move(*cpu), *disk, *net};
    return s;
}

}  // namespace juxta
