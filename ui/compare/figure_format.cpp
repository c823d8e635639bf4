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
    // Nothing is nothing in any unit: "0 ms", not "0.00 ms" (an axis in seconds starts there too).
    if (v == 0)
        return unit.empty() ? QStringLiteral("0") : QStringLiteral("0 ") + QString::fromStdString(unit);
    if (unit == "B") return human::bytes(v);
    if (unit == "B/s") return human::rate(v);
    // Times climb to the next unit rather than read "26.5 k ms".
    static constexpr const char* kTimes[] = {"ns", "µs", "ms", "s"};
    for (std::size_t i = 0; i + 1 < std::size(kTimes); ++i)
        if (unit == kTimes[i] && std::fabs(v) >= 1000) return value(v / 1000, kTimes[i + 1]);
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

QString variantName(InstanceKind kind) {
    switch (kind) {
        case InstanceKind::Host:
            return Figures::tr("host");
        case InstanceKind::Container:
            return Figures::tr("container");
        case InstanceKind::Vm:
            return Figures::tr("VM");
    }
    return {};
}

QString runName(const compare::ScenarioRun& run) {
    if (run.way == "container") return Figures::tr("containers");
    if (run.way == "vm") return Figures::tr("VMs");
    if (run.way == "written") return Figures::tr("as written (mixed)");
    return variantName(run.kind);
}

QString metricName(const std::string& name) {
    return QString::fromStdString(name).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString workloadSummary(const std::string& name, const std::string& english) {
    const std::pair<const char*, QString> summaries[] = {
        {"startup", Figures::tr("start the instance, run /bin/true, tear it down")},
        {"cpu", Figures::tr("a fixed amount of integer hashing")},
        {"memory",
         Figures::tr("sequential read/write over a buffer larger than the LLC, random-access latency")},
        {"syscall", Figures::tr("a tight loop of getppid system calls")},
        {"fileio", Figures::tr("write + fsync of N MiB, read back, and fsync latency of small writes")},
        {"net", Figures::tr("TCP round trips over loopback inside the instance")},
        {"idle", Figures::tr("sleep, then report the resident set: the pure footprint")},
        {"stack",
         Figures::tr("a quick demo with a built-in stand-in (four copies of Juxta's own service program as "
                     "a web app, a database, a cache and a worker) as four containers and as four VMs: "
                     "memory, time to all-ready, and what the others do when the cache exhausts its "
                     "memory; for your own stack, pick compose")},
        {"compose",
         Figures::tr(
             "your compose file, brought up as all containers, as all VMs and as written (mixed): time "
             "until every service is healthy, memory, idle CPU and disk by service, requests/s and "
             "latency on a published port, and what that does while one service exhausts its memory")},
    };
    for (const auto& [key, text] : summaries)
        if (name == key) return text;
    return QString::fromStdString(english);
}

QString howItEnded(const std::string& english) {
    if (english == "OOM-killed (memory limit)") return Figures::tr("OOM-killed (memory limit)");
    if (english == "OOM-killed by the guest kernel") return Figures::tr("OOM-killed by the guest kernel");
    if (english.rfind("exited ", 0) == 0)
        return Figures::tr("exited %1").arg(QString::fromStdString(english.substr(7)));
    if (english.rfind("killed by signal ", 0) == 0)
        return Figures::tr("killed by signal %1").arg(QString::fromStdString(english.substr(17)));
    return QString::fromStdString(english);
}

QString composeServiceEnd(const std::string& english) {
    const std::string joint = "; the service: ";
    if (const auto at = english.find(joint); at != std::string::npos) {
        const std::string hog = english.substr(0, at);
        QString fate = QString::fromStdString(hog);
        static const std::string killed = "its hog was OOM-killed ", didNotRun = "the hog did not run: ";
        if (hog == "its hog was never OOM-killed") {
            fate = Figures::tr("its hog was never OOM-killed");
        } else if (hog.rfind(killed, 0) == 0) {
            bool ok = false;
            const int n =
                QString::fromStdString(hog.substr(killed.size())).section(QLatin1Char(' '), 0, 0).toInt(&ok);
            if (ok)
                fate = n == 1 ? Figures::tr("its hog was OOM-killed once")
                              : Figures::tr("its hog was OOM-killed %1 times").arg(n);
        } else if (hog.rfind(didNotRun, 0) == 0) {
            fate = Figures::tr("the hog did not run: %1")
                       .arg(QString::fromStdString(hog.substr(didNotRun.size())));
        }
        return Figures::tr("%1; the service: %2")
            .arg(fate, composeServiceEnd(english.substr(at + joint.size())));
    }
    if (english == "running") return Figures::tr("running");
    if (english == "running (healthy)") return Figures::tr("running (healthy)");
    if (english == "running (starting)") return Figures::tr("running (starting)");
    if (english == "running (unhealthy)") return Figures::tr("running (unhealthy)");
    return howItEnded(english);
}

}  // namespace juxta::ui::figures
