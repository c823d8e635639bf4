#include "metrics/exposition.h"

#include <cmath>
#include <cstdio>
#include <functional>

namespace juxta::metrics {
namespace {

struct Family {
    const char* name;
    const char* help;
    std::function<double(const MetricSample&, int hostCpus)> value;
};

std::string number(double v) {
    if (!std::isfinite(v)) return "NaN";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string labels(const ExposedInstance& i) {
    std::string out = "{id=\"" + escapeLabelValue(i.id) + "\",name=\"" + escapeLabelValue(i.name) +
                      "\",kind=\"" + escapeLabelValue(i.kind) + "\"";
    if (!i.image.empty()) out += ",image=\"" + escapeLabelValue(i.image) + "\"";
    return out + "}";
}

}  // namespace

std::string escapeLabelValue(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string prometheusText(const std::vector<ExposedInstance>& instances, int hostCpus) {
    static const Family families[] = {
        {"juxta_cpu_usage_cores", "CPU in use, in cores (1 = one core busy), over the last second",
         [](const MetricSample& s, int cpus) { return s.cpuPercent / 100.0 * cpus; }},
        {"juxta_memory_usage_bytes", "Memory in use",
         [](const MetricSample& s, int) { return s.memoryUsed; }},
        {"juxta_memory_limit_bytes", "Memory it may use (the host: its total; 0: no limit)",
         [](const MetricSample& s, int) { return s.memoryTotal; }},
        {"juxta_disk_read_bytes_per_second", "Bytes read from storage per second, over the last second",
         [](const MetricSample& s, int) { return s.diskReadBps; }},
        {"juxta_disk_written_bytes_per_second", "Bytes written to storage per second, over the last second",
         [](const MetricSample& s, int) { return s.diskWriteBps; }},
        {"juxta_network_receive_bytes_per_second", "Bytes received per second, over the last second",
         [](const MetricSample& s, int) { return s.netRxBps; }},
        {"juxta_network_transmit_bytes_per_second", "Bytes sent per second, over the last second",
         [](const MetricSample& s, int) { return s.netTxBps; }},
        {"juxta_vm_exits_per_second", "A VM's exits out of KVM_RUN per second, all vCPUs together",
         [](const MetricSample& s, int) { return s.vmExitsPerSec; }},
    };
    std::string out;
    out +=
        "# HELP juxta_instance_running Whether the instance runs (1) or not (0)\n"
        "# TYPE juxta_instance_running gauge\n";
    for (const ExposedInstance& i : instances)
        out += "juxta_instance_running" + labels(i) + (i.running ? " 1\n" : " 0\n");
    for (const Family& f : families) {
        out += std::string("# HELP ") + f.name + " " + f.help + "\n# TYPE " + f.name + " gauge\n";
        for (const ExposedInstance& i : instances)
            if (i.sample) out += f.name + labels(i) + " " + number(f.value(*i.sample, hostCpus)) + "\n";
    }
    return out;
}

}  // namespace juxta::metrics
