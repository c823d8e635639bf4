#pragma once
// Summaries of repeated measurements: median, min/max and the interquartile range.
#include <optional>
#include <vector>

#include "compare/result.h"

namespace juxta::compare {

// The samples kept as given, with median, min, max, q1, q3 (linear interpolation between order
// statistics, as numpy's default). Empty samples give an empty Stat.
Stat summarize(std::vector<double> samples);

// The p-quantile (0..1) of sorted values, interpolating linearly between neighbours; 0 for none.
double quantile(const std::vector<double>& sorted, double p);

// Least-squares line y = slope * x + intercept; nothing for fewer than two distinct x.
struct Line {
    double slope = 0;
    double intercept = 0;
};
std::optional<Line> fitLine(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace juxta::compare
