#pragma once
// A comparison's figures as people read them: a value in its unit ("12.4 ms", "1.5 GiB",
// "3.21 M ops/s"), its spread ("12.4 ms (11.9 – 13.0)"), a ratio to the host ("1.07×"), and the
// readable names of metrics and variants.
#include <QString>
#include <string>

#include "compare/result.h"

namespace juxta::ui::figures {

QString value(double v, const std::string& unit);
QString spread(const compare::Stat& stat, const std::string& unit);
QString ratio(double r);
QString variantName(InstanceKind kind);
// A scenario's run: the compose scenario's ways ("containers", "VMs", "as written (mixed)"), else its kind.
QString runName(const compare::ScenarioRun& run);
// "ops_per_s" -> "ops per s"; a metric's own name, which the workloads define.
QString metricName(const std::string& name);
// The catalogue's one-line summary of a workload in the interface's language (the engine's
// English where there is no translation).
QString workloadSummary(const std::string& name, const std::string& english);
// How an instance ended, as the engine recorded it ("exited 0", "OOM-killed (memory limit)").
QString howItEnded(const std::string& english);
// A compose service's end as the compose scenario writes it — its state as `compose ps` said it
// ("running (healthy)", "exited 1"), after the hog's fate where it was the hog ("its hog was
// OOM-killed 2 times; the service: running (healthy)") — in the UI's language; English where it
// is none of these.
QString composeServiceEnd(const std::string& english);

}  // namespace juxta::ui::figures
