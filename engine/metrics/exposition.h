#pragma once
// The Prometheus text exposition format (version 0.0.4, what Prometheus, VictoriaMetrics, Grafana
// Agent and OpenMetrics parsers all read) of the host's and every instance's newest sample: what
// `juxtactl metrics serve` answers on /metrics. Each series is labelled with the instance's id,
// name, kind (host, container, vm) and image; label values are escaped, so a name or an image
// reference cannot add a line or a label of its own.
#include <optional>
#include <string>
#include <vector>

#include "core/sample.h"

namespace juxta::metrics {

struct ExposedInstance {
    std::string id, name, kind, image;
    bool running = false;
    std::optional<MetricSample> sample;  // the newest, if it is recent
};

std::string prometheusText(const std::vector<ExposedInstance>& instances, int hostCpus);

// A label value with \, " and newlines escaped as the format wants.
std::string escapeLabelValue(const std::string& value);

}  // namespace juxta::metrics
