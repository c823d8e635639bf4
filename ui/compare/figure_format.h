#pragma once
// A comparison's figures as people read them: a value in its unit ("12.4 ms", "1.5 GiB",
// "3.21 M ops/s"), its spread ("12.4 ms (11.9 – 13.0)"), a ratio to the host ("1.07×"), and the
// readable names of metrics and variants.
#include <QString>
#include <string>

#include "bench/compare/result.h"

namespace juxta::ui::figures {

QString value(double v, const std::string& unit);
QString spread(const compare::Stat& stat, const std::string& unit);
QString ratio(double r);
QString variantName(compare::VariantKind kind);
// "ops_per_s" -> "ops per s"; a metric's own name, which the workloads define.
QString metricName(const std::string& name);

}  // namespace juxta::ui::figures
