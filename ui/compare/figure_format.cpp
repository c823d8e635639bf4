#include "compare/figure_format.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

#include "format.h"

namespace juxta::ui::figures {
namespace {

// The translation context of this file's texts (lupdate reads it).
struct Figures {
    Q_DECLARE_TR_FUNCTIONS(juxta::ui::figures)
};

// Three significant digits, and k/M/G for large counts, so 3214567 ops/s reads "3.21 M ops/s".
QString scaled(double v) {
    const double a = std::fabs(v);
    const auto fixed = [](double x) { return QLocale().toString(x, 'f', x >= 100 ? 0 : x >= 10 ? 1 : 2); };
    if (a >= 1e9) return fixed(v / 1e9) + QStringLiteral(" G");
    if (a >= 1e6) return fixed(v / 1e6) + QStringLiteral(" M");
    if (a >= 1e4) return fixed(v / 1e3) + QStringLiteral(" k");
    return fixed(v);
}

}  // namespace

QString value(double v, const std::string& unit) {
    if (!std::isfinite(v)) return QStringLiteral("—");
    if (unit == "B") return human::bytes(v);
    if (unit == "B/s") return human::rate(v);
    const QString text = scaled(v);
    return unit.empty() ? text : text + QLatin1Char(' ') + QString::fromStdString(unit);
}

QString spread(const compare::Stat& stat, const std::string& unit) {
    if (stat.empty()) return QStringLiteral("—");
    if (stat.samples.size() == 1) return value(stat.median, unit);
    return Figures::tr("%1 (%2 – %3)")
        .arg(value(stat.median, unit), value(stat.min, unit), value(stat.max, unit));
}

QString ratio(double r) {
    if (!std::isfinite(r)) return QStringLiteral("—");
    return QLocale().toString(r, 'f', 2) + QStringLiteral("×");
}

QString variantName(compare::VariantKind kind) {
    switch (kind) {
        case compare::VariantKind::Host:
            return Figures::tr("host");
        case compare::VariantKind::Container:
            return Figures::tr("container");
        case compare::VariantKind::Vm:
            return Figures::tr("VM");
    }
    return {};
}

QString metricName(const std::string& name) {
    return QString::fromStdString(name).replace(QLatin1Char('_'), QLatin1Char(' '));
}

}  // namespace juxta::ui::figures
