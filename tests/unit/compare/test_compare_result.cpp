// The result model: JSON round trip, CSV agreeing with JSON, medians and spread, saved files.
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compare/result.h"
#include "compare/stats.h"

using namespace juxta;
using namespace juxta::compare;

namespace {

// A comparison with every field set to something distinct.
Comparison sample() {
    Comparison c;
    c.id = "20261126-093000-cpu";
    c.host = {"box", "AMD EPYC", 2, 24e9, "6.1.0", "pvm", "hybrid", "0.1.0", "2026-11-26T09:30:00Z", 1.5};
    c.manifest.workload = "cpu";
    c.manifest.parameters = {{"ops", "1000000"}};
    c.manifest.variants = {InstanceKind::Host, InstanceKind::Container, InstanceKind::Vm};
    c.manifest.repeats = 3;
    c.manifest.containerMemoryBytes = 256ll << 20;
    c.manifest.vmMemoryMib = 128;
    c.manifest.vmVcpus = 2;

    VariantResult host;
    host.kind = InstanceKind::Host;
    host.metrics.push_back({"ops_per_s", "ops/s", true, summarize({100, 110, 90}), 1.0});
    host.startup.toWorkloadMs = summarize({1.1, 1.2, 1.3});
    host.startup.cycleMs = summarize({2.1, 2.2, 2.3});
    host.startup.phases = {{"spawn", 0, 1.2}, {"workload", 1.2, 2.2}};
    host.memory.totalBytes = summarize({1e6, 1.1e6, 1.2e6});
    host.memory.overheadBytes = 0.0;
    host.memory.parts = {{"workload", 1.1e6}};
    host.memory.method = "PSS";
    host.hostCpuOutsideMs = summarize({0, 0, 0});
    host.rawOutput = {"{\"ops_per_s\":100}", "{\"ops_per_s\":110}", "{\"ops_per_s\":90}"};

    VariantResult container = host;
    container.kind = InstanceKind::Container;
    container.metrics[0].stat = summarize({95, 99, 97.5});
    container.metrics[0].ratioToHost = 0.975;
    container.memory.overheadBytes = 3.5e6;
    container.memory.parts = {{"workload", 1.1e6}, {"runtime, monitor", 3.5e6}};
    container.disk = {4096, 1.2e6, "writable layer / busybox"};
    container.hostCpuOutsideMs = summarize({0.25, 0.5, 0.75});

    VariantResult vm;
    vm.kind = InstanceKind::Vm;
    vm.status = VariantStatus::Unavailable;
    vm.reason = "PVM host: stock Linux guests cannot boot here, \"quoted\"";
    vm.vmExits = {{"io", 12}, {"hlt", 3}};
    c.variants = {host, container, vm};
    c.series = {{0.5, InstanceKind::Host, 1, 99.5, 1e6}, {10.25, InstanceKind::Container, 2, 50, 2e6}};
    DensitySweep d;
    d.kind = InstanceKind::Container;
    d.points = {{1, 4e6, 12, 3.5e6}, {2, 8e6, 25, 7.5e6}};
    d.slopeBytesPerInstance = 4e6;
    d.hostAvailableBytes = 1e9;
    d.projectedFit = 250;
    c.density = {d};
    c.durationMs = 1234.5;
    return c;
}

// The stack scenario: containers that ran (the cache OOM-killed), VMs unavailable.
Comparison scenarioSample() {
    Comparison c;
    c.id = "20261126-100000-stack";
    c.host = sample().host;
    c.manifest.workload = "stack";
    c.manifest.variants = {InstanceKind::Container, InstanceKind::Vm};
    c.manifest.repeats = 1;
    c.manifest.containerMemoryBytes = 64ll << 20;
    ScenarioRun containers;
    containers.allReadyMs = 812.5;
    containers.totalMemoryBytes = 41.25e6;
    containers.hogStartMs = 5800;
    containers.hogEndMs = 6150.75;
    for (const char* name : {"web", "db", "worker", "cache"}) {
        ServiceResult s;
        s.name = name;
        s.readyMs = 100.5;
        s.memoryBytes = 10.25e6;
        s.opsPerSBefore = 1000.5;
        s.hog = s.name == "cache";
        s.oomKilled = s.hog;
        s.completed = !s.hog;
        s.end = s.hog ? "OOM-killed (memory limit)" : "exited 0";
        if (!s.hog) s.opsPerSAfter = 990.25;
        s.opsPerS = {{1100.5, 1000.5}, {7100.5, 990.25}};
        containers.services.push_back(s);
    }
    ScenarioRun vms;
    vms.kind = InstanceKind::Vm;
    vms.status = VariantStatus::Unavailable;
    vms.reason = "PVM host, \"no\" stock guests";
    c.scenario = {containers, vms};
    return c;
}

// The compose scenario: the file as containers (web loaded, cache the hog), as VMs unavailable, and as
// written (db a VM).
Comparison composeSample() {
    Comparison c;
    c.id = "20261205-170000-compose";
    c.host = sample().host;
    c.manifest.workload = "compose";
    c.manifest.parameters = {{"file", "/srv/shop/compose.yaml"}, {"written", "yes"}};
    c.manifest.variants = {InstanceKind::Container, InstanceKind::Vm};
    c.manifest.repeats = 1;
    ScenarioRun containers;
    containers.way = "container";
    containers.allReadyMs = 9100.5;
    containers.totalMemoryBytes = 380.5e6;
    containers.idleCpuPercent = 14.75;
    containers.loadTarget = "web: GET http://127.0.0.1:8000/";
    containers.load = LoadFigures{10.5, 4, 1020, 0, 97.25, 39.5, 76.25};
    containers.loadDuringHog = LoadFigures{10.25, 4, 640, 3, 62.5, 57.75, 282.5};
    containers.loadAfterHog = LoadFigures{10.0, 4, 1010, 0, 101.0, 34.5, 75.0};
    containers.hog = "cache";
    containers.hogStartMs = 30000.5;
    containers.hogEndMs = 31000.25;
    for (const char* name : {"db", "cache", "web"}) {
        ServiceResult s;
        s.name = name;
        s.kind = "container";
        s.readyMs = 4000.5;
        s.memoryBytes = 100.25e6;
        s.idleCpuPercent = 2.5;
        s.diskUniqueBytes = 14745.0;
        s.diskSharedBytes = 476e6;
        s.hog = s.name == "cache";
        s.oomKilled = s.hog;
        s.end = s.hog ? "its hog was OOM-killed; the service: running (healthy)" : "running (healthy)";
        if (s.name == "web") {
            s.opsPerS = {{31000.5, 97.0}, {32000.5, 60.0}};
            s.opsPerSBefore = 97.25;
            s.opsPerSAfter = 101.0;
        }
        containers.services.push_back(s);
    }
    ScenarioRun vms;
    vms.way = "vm";
    vms.kind = InstanceKind::Vm;
    vms.status = VariantStatus::Unavailable;
    vms.reason = "no usable KVM";
    ScenarioRun written = containers;
    written.way = "written";
    written.services[0].kind = "vm";
    written.loadNote = "a note";
    c.scenario = {containers, vms, written};
    return c;
}

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += '"', ++i;
            else if (ch == '"')
                quoted = false;
            else
                field += ch;
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            row.push_back(field), field.clear();
        } else if (ch == '\n') {
            row.push_back(field), field.clear();
            rows.push_back(row), row.clear();
        } else {
            field += ch;
        }
    }
    return rows;
}

}  // namespace

class TestCompareResult : public QObject {
    Q_OBJECT

  private slots:
    void medianAndSpreadOfOddAndEvenCounts() {
        const Stat odd = summarize({5, 1, 3});
        QCOMPARE(odd.median, 3.0);
        QCOMPARE(odd.min, 1.0);
        QCOMPARE(odd.max, 5.0);
        QCOMPARE(odd.q1, 2.0);
        QCOMPARE(odd.q3, 4.0);
        QCOMPARE(odd.samples, (std::vector<double>{5, 1, 3}));  // raw samples kept in run order
        const Stat even = summarize({4, 1, 3, 2});
        QCOMPARE(even.median, 2.5);
        QCOMPARE(even.q1, 1.75);
        QCOMPARE(even.q3, 3.25);
        const Stat one = summarize({7});
        QCOMPARE(one.median, 7.0);
        QCOMPARE(one.q1, 7.0);
        QVERIFY(summarize({}).empty());
    }

    void lineFitThroughPoints() {
        auto line = fitLine({1, 2, 4}, {10, 20, 40});
        QVERIFY(line);
        QCOMPARE(line->slope, 10.0);
        QVERIFY(std::abs(line->intercept) < 1e-9);
        QVERIFY(!fitLine({1}, {3}));
        QVERIFY(!fitLine({2, 2}, {3, 4}));
    }

    void jsonRoundTripKeepsEveryField() {
        const Comparison c = sample();
        const std::string json = toJson(c);
        auto back = comparisonFromJson(json);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message().c_str());
        QCOMPARE(toJson(*back), json);
        QCOMPARE(back->variants.size(), std::size_t(3));
        QVERIFY(back->variant(InstanceKind::Vm)->status == VariantStatus::Unavailable);
        QCOMPARE(back->variant(InstanceKind::Vm)->reason, c.variants[2].reason);
        QCOMPARE(*back->manifest.containerMemoryBytes, int64_t(256) << 20);
        QVERIFY(!back->manifest.containerCpus);
        QCOMPARE(*back->density[0].projectedFit, int64_t(250));
        QCOMPARE(back->variant(InstanceKind::Container)->metric("ops_per_s")->ratioToHost.value(), 0.975);
    }

    void jsonThatIsNotAComparisonIsOneClearError() {
        auto r = comparisonFromJson("{\"id\":\"x\"}");
        QVERIFY(!r.ok());
        QVERIFY(r.error().message().find("not a Juxta comparison") != std::string::npos);
        QVERIFY(!comparisonFromJson("not json").ok());
        auto bad = nlohmann::json::parse(toJson(sample()));
        bad["variants"][0]["kind"] = "lxc";
        auto r2 = comparisonFromJson(bad.dump());
        QVERIFY(!r2.ok());
        QVERIFY(r2.error().message().find("unknown variant 'lxc'") != std::string::npos);
    }

    void csvAgreesWithJson() {
        const Comparison c = sample();
        const auto json = nlohmann::json::parse(toJson(c));
        const auto rows = parseCsv(toCsv(c));
        QCOMPARE(rows[0], (std::vector<std::string>{"variant", "metric", "unit", "stat", "value"}));
        int checked = 0;
        for (const auto& row : rows) {
            QCOMPARE(row.size(), std::size_t(5));
            if (row[1] == "status") {
                QCOMPARE(row[0], std::string("vm"));
                QCOMPARE(row[4], c.variants[2].reason);
                ++checked;
            }
            if (row[1] != "ops_per_s") continue;
            const auto& v = *std::find_if(json["variants"].begin(), json["variants"].end(),
                                          [&](const auto& x) { return x["kind"] == row[0]; });
            const auto& stat = v["metrics"][0]["stat"];
            const double value = std::stod(row[4]);
            if (row[3] == "median")
                QCOMPARE(value, stat["median"].get<double>());
            else if (row[3] == "ratio_to_host")
                QCOMPARE(value, v["metrics"][0]["ratio_to_host"].get<double>());
            else if (std::isdigit((unsigned char)row[3][0]))
                QCOMPARE(value, stat["samples"][std::stoi(row[3]) - 1].get<double>());
            else
                continue;
            ++checked;
        }
        QCOMPARE(checked, 1 + 2 * (3 + 1 + 1));  // vm status; per variant 3 samples, median, ratio
    }

    void markdownNamesTheHostAndTheUnavailableVariant() {
        const std::string md = toMarkdown(sample());
        QVERIFY(md.find("AMD EPYC") != std::string::npos);
        QVERIFY(md.find("KVM pvm") != std::string::npos);
        QVERIFY(md.find("PVM host: stock Linux guests cannot boot here") != std::string::npos);
        QVERIFY(md.find("Projection") != std::string::npos);
    }

    void scenarioFieldsRoundTrip() {
        const Comparison c = scenarioSample();
        const std::string json = toJson(c);
        auto back = comparisonFromJson(json);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message().c_str());
        QCOMPARE(toJson(*back), json);
        QCOMPARE(back->scenario.size(), std::size_t(2));
        const ScenarioRun& r = back->scenario[0];
        QCOMPARE(r.allReadyMs, 812.5);
        QCOMPARE(*r.hogEndMs, 6150.75);
        QVERIFY(r.service("cache")->oomKilled && r.service("cache")->hog &&
                !r.service("cache")->opsPerSAfter);
        QCOMPARE(*r.service("web")->opsPerSAfter, 990.25);
        QCOMPARE(r.service("db")->opsPerS.size(), std::size_t(2));
        QVERIFY(back->scenario[1].status == VariantStatus::Unavailable);
        QCOMPARE(back->scenario[1].reason, c.scenario[1].reason);
        // Older files (no "scenario") still read, with none.
        auto old = nlohmann::json::parse(toJson(sample()));
        old.erase("scenario");
        QVERIFY(comparisonFromJson(old.dump())->scenario.empty());
    }

    void scenarioCsvAndMarkdownAgreeWithJson() {
        const Comparison c = scenarioSample();
        std::map<std::string, std::string> values;  // "variant metric stat" -> value
        for (const auto& row : parseCsv(toCsv(c))) {
            QCOMPARE(row.size(), std::size_t(5));
            values[row[0] + " " + row[1] + " " + row[3]] = row[4];
        }
        QCOMPARE(std::stod(values["container all_ready_ms value"]), 812.5);
        QCOMPARE(std::stod(values["container total_memory_bytes value"]), 41.25e6);
        QCOMPARE(std::stod(values["container web:ops_per_s after_hog"]), 990.25);
        QCOMPARE(std::stod(values["container web:ops_per_s t=7100.5"]), 990.25);
        QCOMPARE(values["container cache:oom_killed value"], std::string("1"));
        QCOMPARE(values["container cache:end value"], std::string("OOM-killed (memory limit)"));
        QCOMPARE(values["vm scenario_status unavailable"], c.scenario[1].reason);
        const std::string md = toMarkdown(c);
        QVERIFY(md.find("## Scenario stack: container") != std::string::npos);
        QVERIFY(md.find("| cache (hog) |") != std::string::npos);
        QVERIFY(md.find("OOM-killed (memory limit)") != std::string::npos);
        QVERIFY(md.find("unavailable: PVM host") != std::string::npos);
    }

    void composeFieldsRoundTripAndPrint() {
        const Comparison c = composeSample();
        const std::string json = toJson(c);
        auto back = comparisonFromJson(json);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message().c_str());
        QCOMPARE(toJson(*back), json);
        QCOMPARE(back->scenario.size(), std::size_t(3));
        const ScenarioRun& r = back->scenario[0];
        QCOMPARE(r.name(), std::string("container"));
        QCOMPARE(back->scenario[1].name(), std::string("vm"));
        QCOMPARE(back->scenario[2].name(), std::string("written"));
        QCOMPARE(back->scenario[2].services[0].kind, std::string("vm"));
        QCOMPARE(*r.idleCpuPercent, 14.75);
        QCOMPARE(r.loadDuringHog->p99Ms, 282.5);
        QCOMPARE(r.loadDuringHog->errors, uint64_t(3));
        QCOMPARE(r.load->requests, uint64_t(1020));
        QCOMPARE(*r.service("db")->diskUniqueBytes, 14745.0);
        QCOMPARE(r.hog, std::string("cache"));
        QCOMPARE(back->scenario[2].loadNote, std::string("a note"));
        // The stack scenario's runs have no way: their name is their kind's.
        QCOMPARE(scenarioSample().scenario[1].name(), std::string("vm"));

        std::map<std::string, std::string> values;  // "way metric stat" -> value
        for (const auto& row : parseCsv(toCsv(c))) values[row[0] + " " + row[1] + " " + row[3]] = row[4];
        QCOMPARE(std::stod(values["container load_p99_ms during_hog"]), 282.5);
        QCOMPARE(std::stod(values["written load_requests_per_s idle"]), 97.25);
        QCOMPARE(std::stod(values["container idle_cpu_percent value"]), 14.75);
        QCOMPARE(values["written db:kind value"], std::string("vm"));
        QCOMPARE(values["vm scenario_status unavailable"], std::string("no usable KVM"));
        // A phase in which web answered nothing: its requests/s (0) and errors, no latency rows.
        Comparison silent = c;
        silent.scenario[0].loadAfterHog = LoadFigures{10, 4, 0, 4, 0, 0, 0};
        values.clear();
        for (const auto& row : parseCsv(toCsv(silent))) values[row[0] + " " + row[1] + " " + row[3]] = row[4];
        QCOMPARE(values["container load_errors after_hog"], std::string("4"));
        QCOMPARE(std::stod(values["container load_requests_per_s after_hog"]), 0.0);
        QVERIFY(!values.contains("container load_p50_ms after_hog") &&
                !values.contains("container load_p99_ms after_hog"));
        QVERIFY(values.contains("container load_p50_ms idle"));
        const std::string md = toMarkdown(c);
        QVERIFY(md.find("## Scenario compose: written") != std::string::npos);
        QVERIFY(md.find("| db | vm |") != std::string::npos);
        QVERIFY2(md.find("while cache exhausts its memory 62.5 req/s, p50 57.8 ms, p99 282 ms, 3 errors") !=
                     std::string::npos,
                 md.c_str());
    }

    void savedComparisonLoadsBack() {
        QTemporaryDir dir;  // the data dir one level down, so an escape would land in here
        qputenv("JUXTA_DATA_DIR", (dir.path() + "/data").toUtf8());
        const Comparison c = sample();
        QVERIFY(saveComparison(c).ok());
        QVERIFY(QFile::exists(dir.path() + "/data/comparisons/" + QString::fromStdString(c.id) +
                              "/manifest.json"));
        auto back = loadComparison(c.id);
        QVERIFY(back.ok());
        QCOMPARE(toJson(*back), toJson(c));
        auto ids = listComparisons();
        QCOMPARE(*ids, std::vector<std::string>{c.id});
        QVERIFY(!loadComparison("../etc").ok());
        QCOMPARE(loadComparison("missing").error().code(), ENOENT);
        Comparison evil = c;
        evil.id = "../../escaped";
        QVERIFY(!saveComparison(evil).ok());
        QVERIFY(!QFile::exists(dir.path() + "/escaped"));
        qunsetenv("JUXTA_DATA_DIR");
    }
};

QTEST_GUILESS_MAIN(TestCompareResult)
#include "test_compare_result.moc"
