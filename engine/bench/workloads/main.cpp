// juxta-workload: the comparison workloads in one static program, so the very same binary runs
// on the host, in the busybox container and in the tiny-linux VM.
//
//   juxta-workload cpu|memory|syscall|fileio|net|idle|service [--PARAM VALUE]...   (see catalogue.h)
//
// Prints exactly one JSON line on stdout: the workload's figures plus start_mono_ns/end_mono_ns
// (CLOCK_MONOTONIC at entry and exit — the same clock as the harness's on the host and in a
// container), maxrss_kib and cpu_ms (its own user+system time, which the harness subtracts from
// the instance's to get the CPU spent outside the workload). Bad usage: one line on stderr, exit 2; a
// failure: exit 1.
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/workloads/catalogue.h"
#include "bench/workloads/workload.h"

namespace {

using namespace juxta::workloads;

int usage(const std::string& message) {
    std::string names;
    for (const Workload& w : catalogue())
        if (w.name != "startup" && w.use != Use::Scenario)
            names += (names.empty() ? "" : "|") + std::string(w.name);
    std::fprintf(stderr, "juxta-workload: %s — usage: juxta-workload %s [--PARAM VALUE]...\n",
                 message.c_str(), names.c_str());
    return 2;
}

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\', out += c;
        else if ((unsigned char)c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else
            out += c;
    }
    return out + "\"";
}

void print(const std::string& workload, const Output& o, int64_t startNs) {
    std::string line = "{\"workload\":" + jsonString(workload);
    for (const auto& [k, v] : o.texts) line += "," + jsonString(k) + ":" + jsonString(v);
    char buf[64];
    for (const auto& [k, v] : o.numbers) {
        std::snprintf(buf, sizeof buf, std::isfinite(v) ? "%.17g" : "null", v);
        line += "," + jsonString(k) + ":" + buf;
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double cpuMs = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                         double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    std::snprintf(buf, sizeof buf, ",\"maxrss_kib\":%ld,\"cpu_ms\":%.3f", ru.ru_maxrss, cpuMs);
    line += buf;
    std::snprintf(buf, sizeof buf, ",\"start_mono_ns\":%lld,\"end_mono_ns\":%lld}", (long long)startNs,
                  (long long)monotonicNs());
    line += buf;
    std::printf("%s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t startNs = monotonicNs();
    if (argc < 2) return usage("missing workload");
    const std::string name = argv[1];
    const Workload* w = findWorkload(name);
    if (!w || name == "startup" || w->use == Use::Scenario) return usage("unknown workload '" + name + "'");
    std::map<std::string, std::string> values;
    for (const Parameter& p : w->parameters) values[std::string(p.name)] = std::string(p.defaultValue);
    for (int i = 2; i < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag.rfind("--", 0) != 0 || !findParameter(*w, flag.substr(2)))
            return usage("unknown parameter '" + flag + "' for " + name);
        if (i + 1 >= argc) return usage(flag + " needs a value");
        values[flag.substr(2)] = argv[i + 1];
    }
    const Params params(values);
    Output out;
    if (name == "cpu")
        out = runCpu(params);
    else if (name == "memory")
        out = runMemory(params);
    else if (name == "syscall")
        out = runSyscall(params);
    else if (name == "fileio")
        out = runFileio(params);
    else if (name == "blockread")
        out = runBlockread(params);
    else if (name == "tcpsend")
        out = runTcpsend(params);
    else if (name == "tcprecv")
        out = runTcprecv(params);
    else if (name == "net")
        out = runNet(params);
    else if (name == "service")
        out = runService(params);
    else
        out = runIdle(params);
    if (!out.error.empty()) {
        std::fprintf(stderr, "juxta-workload %s: %s\n", name.c_str(), out.error.c_str());
        return out.error.rfind("--", 0) == 0 ? 2 : 1;  // a bad parameter value is bad usage
    }
    print(name, out, startNs);
    return 0;
}
