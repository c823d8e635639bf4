// Compose files as users write them and as an attacker would (compose/parse.h): every supported
// key read into the model, every refusal with its line and column, interpolation from the
// environment and .env, depends_on cycles and unknown services, one host port published twice,
// and the bounds (size, aliases, merges); how long up waits for a dependency (compose/stack.h).
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "compose/parse.h"
#include "compose/stack.h"
#include "core/read_file.h"

using namespace juxta;
using namespace juxta::compose;
namespace fs = std::filesystem;

namespace {

Result<Project> parse(const std::string& yaml, Environment env = {}, std::optional<RunAs> as = std::nullopt,
                      fs::path dir = "/srv/stack") {
    ParseOptions o;
    o.fileName = "compose.yaml";
    o.directory = dir;
    o.environment = std::move(env);
    o.as = as;
    return parseProject(yaml, o);
}

const Service& service(const Project& p, const std::string& name) {
    for (const Service& s : p.services)
        if (s.name == name) return s;
    qFatal("no service %s", name.c_str());
}

}  // namespace

class TestComposeParse : public QObject {
    Q_OBJECT
  private slots:
    // A FIFO (or a device) named as the file, its .env or an env_file: refused at once, never a
    // read that waits for a writer (the GUI reads the file as it is chosen).
    void aFifoIsRefusedNotWaitedOn() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QCOMPARE(::mkfifo((root / "compose.yaml").c_str(), 0600), 0);
        auto fifo = loadProject(root / "compose.yaml", "", std::nullopt);
        QVERIFY(!fifo.ok());
        QVERIFY2(fifo.error().message().find("not a regular file") != std::string::npos,
                 fifo.error().message().c_str());
        QVERIFY(!loadProject("/dev/zero", "", std::nullopt).ok());
        fs::remove(root / "compose.yaml");
        std::ofstream(root / "compose.yaml")
            << "services:\n  web:\n    image: busybox\n    env_file: [web.env]\n";
        QCOMPARE(::mkfifo((root / "web.env").c_str(), 0600), 0);
        auto envFifo = loadProject(root / "compose.yaml", "", std::nullopt);
        QVERIFY(!envFifo.ok());
        QVERIFY2(envFifo.error().message().find("not a regular file") != std::string::npos,
                 envFifo.error().message().c_str());
        fs::remove(root / "web.env");
        QCOMPARE(::mkfifo((root / ".env").c_str(), 0600), 0);
        auto dotEnv = loadProject(root / "compose.yaml", "", std::nullopt);
        QVERIFY(!dotEnv.ok());
        QVERIFY2(dotEnv.error().message().find(".env: not a regular file") != std::string::npos,
                 dotEnv.error().message().c_str());
    }

    void theDjangoStackReadsWhole() {
        QTemporaryDir dir;
        std::ofstream(fs::path(dir.path().toStdString()) / "web.env")
            << "# the app's\nDJANGO_DEBUG=0\nSECRET='s3cr3t'\n";
        // The file is in tests/data (moc reads this one, and does not take raw strings).
        const std::string yaml =
            *readFile(fs::path(qgetenv("JUXTA_TEST_DATA").toStdString()) / "compose" / "shop.yaml");
        ParseOptions o;
        o.fileName = "compose.yaml";
        o.directory = dir.path().toStdString();
        o.environment = {{"TAG", "1.4"}, {"HOME_DIR", "/home/shop"}};
        auto p = parseProject(yaml, o);
        QVERIFY2(p.ok(), p ? "" : p.error().message().c_str());
        QCOMPARE(p->name, std::string("shop"));
        QCOMPARE(p->services.size(), std::size_t(4));
        const Service& web = service(*p, "web");
        QCOMPARE(web.image, std::string("localhost:5000/shop-web:1.4"));
        QCOMPARE(*web.command,
                 (std::vector<std::string>{"gunicorn", "shop.wsgi", "-b", "0.0.0.0:8000", "--workers", "2"}));
        const std::vector<std::pair<std::string, std::string>> env = {
            {"DJANGO_DEBUG", "0"},
            {"SECRET", "s3cr3t"},
            {"DATABASE_URL", "mysql://shop@db/shop"},
            {"HOME_DIR", "/home/shop"},
            {"LITERAL", "$HOME"}};
        QCOMPARE(web.environment, env);
        QCOMPARE(web.ports.size(), std::size_t(2));
        QCOMPARE(web.ports[0].hostIp, std::string("127.0.0.1"));
        QCOMPARE(web.ports[0].published, uint16_t(8080));
        QCOMPARE(web.ports[0].target, uint16_t(8000));
        QCOMPARE(web.ports[1].published, uint16_t(0));  // a free one, at up
        QCOMPARE(web.ports[1].target, uint16_t(9000));
        QCOMPARE(web.dependsOn.size(), std::size_t(2));
        QVERIFY(web.dependsOn[0].service == "db" && web.dependsOn[0].condition == Condition::Healthy);
        QCOMPARE(web.healthcheck->test.size(), std::size_t(4));
        QCOMPARE(*web.healthcheck->intervalMs, int64_t(5000));
        QCOMPARE(*web.healthcheck->startPeriodMs, int64_t(500));
        QCOMPARE(*web.healthcheck->retries, 3);
        QCOMPARE(*web.memoryBytes, int64_t(512) << 20);
        QCOMPARE(*web.cpus, 1.5);
        QCOMPARE(*web.pids, int64_t(200));
        QCOMPARE(web.restart, std::string("unless-stopped"));  // from the merged x-common
        QCOMPARE(*web.stopGracePeriodMs, int64_t(90000));
        QCOMPARE(web.volumes.size(), std::size_t(3));
        QVERIFY(web.volumes[0].kind == Volume::Kind::Bind && web.volumes[0].readOnly);
        QCOMPARE(web.volumes[0].source, (fs::path(dir.path().toStdString()) / "static").string());
        QVERIFY(web.volumes[1].kind == Volume::Kind::Named && web.volumes[1].source == "media");
        QVERIFY(web.volumes[2].kind == Volume::Kind::Anonymous && web.volumes[2].target == "/tmp/cache");
        QCOMPARE(web.workingDir, std::string("/app"));
        QCOMPARE(web.user, std::string("1000:1000"));
        const Service& db = service(*p, "db");
        QVERIFY(db.as == RunAs::Vm);
        QCOMPARE(db.environment[1].second, std::string("root"));
        QCOMPARE(db.healthcheck->test, (std::vector<std::string>{"CMD-SHELL", "healthcheck.sh --connect"}));
        QCOMPARE(*db.memoryBytes, int64_t(1) << 30);
        const Service& cache = service(*p, "cache");
        QCOMPARE(*cache.entrypoint, (std::vector<std::string>{"redis-server", "--save", ""}));
        QCOMPARE(cache.expose, std::vector<uint16_t>{6379});
        QCOMPARE(*cache.cpus, 0.5);
        QCOMPARE(*cache.pids, int64_t(64));
        // Every service after what it depends on.
        const auto& order = p->startOrder;
        const auto pos = [&](const char* n) {
            return std::find(order.begin(), order.end(), n) - order.begin();
        };
        QCOMPARE(order.size(), std::size_t(4));
        QVERIFY(pos("db") < pos("web") && pos("cache") < pos("web") && pos("db") < pos("worker"));
        // --as for the whole file wins over x-juxta.
        auto allVms = parseProject(yaml, [&] {
            ParseOptions v = o;
            v.as = RunAs::Vm;
            return v;
        }());
        QVERIFY(allVms.ok());
        for (const Service& s : allVms->services) QVERIFY(s.as == RunAs::Vm);
        // compose config: what it prints reads back as the same project.
        const std::string config = toYaml(*p);
        QVERIFY2(config.find("image: localhost:5000/shop-web:1.4") != std::string::npos, config.c_str());
        auto again = parse(config, {}, std::nullopt, dir.path().toStdString());
        QVERIFY2(again.ok(), again ? "" : again.error().message().c_str());
        QCOMPARE(service(*again, "web").environment, env);
        QCOMPARE(*service(*again, "web").memoryBytes, int64_t(512) << 20);
        QVERIFY(service(*again, "db").as == RunAs::Vm);
    }

    void refusalsSayWhereAndWhy_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("says");
        QTest::newRow("build")
            << "services:\n  web:\n    build: .\n"
            << "compose.yaml:3:5: services.web: 'build' is not supported by Juxta — build the image";
        QTest::newRow("networks") << "services:\n  web:\n    image: a\n    networks: [front]\n"
                                  << "compose.yaml:4:5: services.web: 'networks' is not supported";
        QTest::newRow("top-level networks") << "networks: {front: {}}\nservices:\n  web: {image: a}\n"
                                            << "compose.yaml:1:1: the file: 'networks' is not supported";
        QTest::newRow("privileged") << "services:\n  web:\n    image: a\n    privileged: true\n"
                                    << "compose.yaml:4:5: services.web: 'privileged' is not supported by "
                                       "Juxta — Juxta runs no privileged";
        QTest::newRow("deploy replicas")
            << "services:\n  web:\n    image: a\n    deploy: {replicas: 2}\n"
            << "compose.yaml:4:14: services.web.deploy: 'replicas' is not supported";
        QTest::newRow("no image") << "services:\n  web:\n    command: x\n"
                                  << "services.web: a service needs an image";
        QTest::newRow("no services") << "name: x\n"
                                     << "services: the file defines no service";
        QTest::newRow("unknown dependency") << "services:\n  web:\n    image: a\n    depends_on: [db]\n"
                                            << "services.web.depends_on: no service 'db'";
        QTest::newRow("cycle") << "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: "
                                  "[c]}\n  c: {image: x, depends_on: [a]}\n"
                               << "a cycle: a → b → c → a";
        QTest::newRow("self") << "services:\n  a: {image: x, depends_on: [a]}\n"
                              << "a cycle: a → a";
        QTest::newRow("one port twice") << "services:\n  a: {image: x, ports: ['8080:80']}\n  b: {image: x, "
                                           "ports: ['127.0.0.1:8080:81']}\n"
                                        << "port 127.0.0.1:8080 is published by a too";
        QTest::newRow("every address and one") << "services:\n  a: {image: x, ports: ['0.0.0.0:8080:80']}\n  "
                                                  "b: {image: x, ports: ['8080:81']}\n"
                                               << "port 127.0.0.1:8080 is published by a too";
        QTest::newRow("bad host address") << "services:\n  a: {image: x, ports: ['foo bar:8080:80']}\n"
                                          << "'foo bar' is not an IPv4 address";
        QTest::newRow("duplicate key") << "services:\n  a: {image: x, image: y}\n"
                                       << "'image' twice";
        QTest::newRow("huge duration") << "services:\n  a: {image: x, stop_grace_period: 1e20}\n"
                                       << "'1e20' is not a duration";
        QTest::newRow("port range") << "services:\n  a: {image: x, ports: ['8000-8010:8000-8010']}\n"
                                    << "port ranges ('8000-8010') are not supported";
        QTest::newRow("udp") << "services:\n  a: {image: x, ports: ['53:53/udp']}\n"
                             << "only tcp ports";
        QTest::newRow("bad port") << "services:\n  a: {image: x, ports: ['70000']}\n"
                                  << "'70000' is not a port number";
        QTest::newRow("undeclared volume") << "services:\n  a: {image: x, volumes: ['data:/d']}\n"
                                           << "volume 'data' is not declared";
        QTest::newRow("volume driver") << "volumes:\n  d: {driver: nfs}\nservices:\n  a: {image: x}\n"
                                       << "compose.yaml:2:6: volumes.d: volume options";
        QTest::newRow("tmpfs mount") << "services:\n  a: {image: x, volumes: [{type: tmpfs, target: /t}]}\n"
                                     << "a 'tmpfs' mount is not supported";
        QTest::newRow("relative target") << "services:\n  a: {image: x, volumes: ['/h:rel']}\n"
                                         << "the target must be an absolute path";
        QTest::newRow("bad duration") << "services:\n  a: {image: x, stop_grace_period: soon}\n"
                                      << "'soon' is not a duration";
        QTest::newRow("bad size") << "services:\n  a: {image: x, mem_limit: lots}\n"
                                  << "'lots' is not a size";
        QTest::newRow("bad condition")
            << "services:\n  a: {image: x}\n  b: {image: x, depends_on: {a: {condition: eventually}}}\n"
            << "'eventually' is not a condition";
        QTest::newRow("bad restart") << "services:\n  a: {image: x, restart: sometimes}\n"
                                     << "'sometimes' is not a restart policy";
        QTest::newRow("bad x-juxta") << "services:\n  a: {image: x, x-juxta: {as: pod}}\n"
                                     << "'pod': vm or container";
        QTest::newRow("required variable") << "services:\n  a: {image: '${IMAGE:?give IMAGE}'}\n"
                                           << "compose.yaml:2:14: services.a.image: IMAGE: give IMAGE";
        QTest::newRow("bad interpolation") << "services:\n  a: {image: '${}'}\n"
                                           << "names no variable";
        QTest::newRow("unclosed") << "services:\n  a: {image: '${A'}\n"
                                  << "an unclosed ${";
        QTest::newRow("bad yaml") << "services:\n  a: [\n"
                                  << "compose.yaml:3:1:";
        QTest::newRow("not a map") << "- a\n- b\n"
                                   << "the file: expected a mapping";
        QTest::newRow("bad service name") << "services:\n  -bad: {image: x}\n"
                                          << "'-bad' is not a service name";
        QTest::newRow("Juxta's own label")
            << "services:\n  a:\n    image: x\n    labels: {juxta.compose.project: other}\n"
            << "compose.yaml:4:14: services.a.labels: label juxta.compose.project: keys beginning with "
               "\"juxta.\"";
        QTest::newRow("label key with a space") << "services:\n  a: {image: x, labels: ['bad key=1']}\n"
                                                << "label bad key: a key has only letters";
        QTest::newRow("label not a string") << "services:\n  a: {image: x, labels: {k: [1]}}\n"
                                            << "services.a.labels.k";
        QTest::newRow("unclosed quote") << "services:\n  a: {image: x, command: 'echo \"hi'}\n"
                                        << "an unclosed quote";
    }
    void refusalsSayWhereAndWhy() {
        QFETCH(QString, yaml);
        QFETCH(QString, says);
        auto p = parse(yaml.toStdString());
        QVERIFY2(!p, "a file that must be refused was accepted");
        QVERIFY2(p.error().message().find(says.toStdString()) != std::string::npos,
                 p.error().message().c_str());
    }

    // labels: a map or a list of KEY=VALUE (a bare KEY: an empty value), kept for the service's
    // instance, and printed by `compose config`.
    void labelsAsMapOrList() {
        auto p = parse(
            "services:\n"
            "  a: {image: x, labels: {com.example.tier: front, empty: }}\n"
            "  b: {image: x, labels: ['com.example.tier=back', 'traefik.enable=true', bare]}\n");
        QVERIFY2(p, p ? "" : p.error().message().c_str());
        QCOMPARE(service(*p, "a").labels, (Labels{{"com.example.tier", "front"}, {"empty", ""}}));
        QCOMPARE(service(*p, "b").labels,
                 (Labels{{"bare", ""}, {"com.example.tier", "back"}, {"traefik.enable", "true"}}));
        // Room is left for Juxta's own: a service has at most kMaxUserLabels of the file's.
        std::string many = "services:\n  a:\n    image: x\n    labels:\n";
        for (std::size_t i = 0; i <= kMaxUserLabels; ++i) many += "      k" + std::to_string(i) + ": v\n";
        auto refused = parse(many);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message().find("more than " + std::to_string(kMaxUserLabels) + " labels") !=
                     std::string::npos,
                 refused.error().message().c_str());
        const std::string yaml = toYaml(*p);
        QVERIFY2(yaml.find("\"traefik.enable\": \"true\"") != std::string::npos, yaml.c_str());
        auto again = parse(yaml);
        QVERIFY2(again, again ? "" : again.error().message().c_str());
        QCOMPARE(service(*again, "b").labels, service(*p, "b").labels);
    }

    void interpolationAsComposeDoesIt() {
        const Environment env = {{"SET", "v"}, {"EMPTY", ""}};
        const auto is = [&](const char* in, const char* out) {
            auto r = interpolate(in, env);
            QVERIFY2(r.ok(), in);
            QCOMPARE(*r, std::string(out));
        };
        is("${SET}", "v");
        is("$SET/x", "v/x");
        is("${UNSET}", "");
        is("${UNSET:-d}", "d");
        is("${EMPTY:-d}", "d");
        is("${EMPTY-d}", "");
        is("${UNSET-d}", "d");
        is("${SET:+alt}", "alt");
        is("${EMPTY:+alt}", "");
        is("${EMPTY+alt}", "alt");
        is("${UNSET:-${SET}}", "v");
        is("$$SET", "$SET");
        is("cost: 5$", "cost: 5$");
        QVERIFY(!interpolate("${EMPTY:?no}", env));
        QVERIFY(interpolate("${EMPTY?no}", env).ok());
        auto nested = interpolate("${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-x}}}}}}}}}}", env);
        QVERIFY(!nested);  // nested too deep
        Environment huge = {{"BIG", std::string(40 << 10, 'x')}};
        QVERIFY(!interpolate("${BIG}${BIG}", huge));  // over 64 KiB
        auto dotEnv = parseEnvFile("# c\nA=1\n export B = \"two\"\nC='3'\n\n", ".env");
        QVERIFY(dotEnv.ok());
        QCOMPARE((*dotEnv)["A"], std::string("1"));
        QCOMPARE((*dotEnv)["B"], std::string("two"));  // spaces around '=' and the quotes go
        QCOMPARE((*dotEnv)["C"], std::string("3"));
        QVERIFY(!parseEnvFile("NOEQUALS\n", ".env"));
    }

    // Aliases share nodes: a small file can name a huge tree. The walk is bounded, so it is refused
    // quickly instead of expanding; and a file over 1 MiB is not parsed at all.
    void boundsHoldAgainstAliasesAndSize() {
        std::string yaml = "x-a: &a {";
        for (int i = 0; i < 4000; ++i) yaml += (i ? ", " : "") + std::string("k") + std::to_string(i) + ": v";
        yaml += "}\nservices:\n";
        for (int i = 0; i < 256; ++i)
            yaml += "  s" + std::to_string(i) + ": {image: x, environment: *a, x-e: *a}\n";
        auto p = parse(yaml);
        // 256 services × 4000 entries read: under the million, so this one is read; twice the
        // services' worth (a merge in each) is not.
        QVERIFY2(p.ok(), p ? "" : p.error().message().c_str());
        std::string merged = "x-a: &a {";
        for (int i = 0; i < 4000; ++i)
            merged += (i ? ", " : "") + std::string("k") + std::to_string(i) + ": v";
        merged += "}\nx-b: &b {<<: [*a], z: 1}\nservices:\n";
        for (int i = 0; i < 256; ++i)
            merged += "  s" + std::to_string(i) + ": {image: x, environment: {<<: [*b, *b]}}\n";
        auto refused = parse(merged);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message().find("entries") != std::string::npos,
                 refused.error().message().c_str());
        QVERIFY(!parse(std::string((1 << 20) + 1, '#')));
        // Empty maps merged by the hundred thousand, three levels up: each merge and each source
        // counts, so it stops at the budget instead of running for hours.
        std::string empties = "x-e: &e {}\nx-m1: &m1 {<<: [";
        for (int i = 0; i < 4000; ++i) empties += i ? ", *e" : "*e";
        empties += "]}\nx-m2: &m2 {<<: [";
        for (int i = 0; i < 4000; ++i) empties += i ? ", *m1" : "*m1";
        empties += "]}\nservices:\n  a: {image: x, environment: {<<: [*m2, *m2, *m2, *m2]}}\n";
        auto merges = parse(empties);
        QVERIFY(!merges);
        QVERIFY2(merges.error().message().find("entries read in all") != std::string::npos,
                 merges.error().message().c_str());
        // A 60 KB value named in a list of 4096 entries in every service: bytes count too.
        std::string longValues = "x-v: &v " + std::string(60000, 'v') + "\nx-l: &l [";
        for (int i = 0; i < 4096; ++i) longValues += i ? ", *v" : "*v";
        longValues += "]\nservices:\n";
        for (int i = 0; i < 40; ++i) longValues += "  s" + std::to_string(i) + ": {image: x, command: *l}\n";
        auto bytes = parse(longValues);
        QVERIFY(!bytes);
        QVERIFY2(bytes.error().message().find("MiB of values read in all") != std::string::npos,
                 bytes.error().message().c_str());
        std::string deep;
        for (int i = 0; i < 3000; ++i) deep += "[";
        QVERIFY(!parse("services: " + deep));  // yaml-cpp's own depth guard
    }

    // up waits for a dependency as long as its health check can take to decide — a slow machine's
    // long start period is waited out — and at least the floor; nothing but a health condition
    // changes it.
    void aDependencyIsWaitedForAsLongAsItsCheckCanTake() {
        auto p = parse(
            "services:\n"
            "  db: {image: x, healthcheck: {test: [CMD, x], interval: 2s, timeout: 10s, retries: 50, "
            "start_period: "
            "10m}}\n"
            "  cache: {image: x, healthcheck: {test: [CMD, x], interval: 1s, timeout: 1s, retries: 3}}\n"
            "  plain: {image: x, healthcheck: {test: [CMD, x]}}\n"
            "  web:\n"
            "    image: x\n"
            "    depends_on: {db: {condition: service_healthy}, cache: {condition: service_healthy},\n"
            "                 plain: {condition: service_healthy}}\n"
            "  worker: {image: x, depends_on: {db: {condition: service_started}}}\n");
        QVERIFY2(p, p ? "" : p.error().message().c_str());
        const std::chrono::seconds floor(120);
        const auto limit = [&](const std::string& of, const std::string& on) {
            for (const Dependency& d : service(*p, of).dependsOn)
                if (d.service == on) return dependencyWaitLimit(*p, d, floor).count();
            qFatal("no dependency");
        };
        QCOMPARE(limit("web", "db"), 600 + 50 * (2 + 10) + 30);  // start period, then every retry
        QCOMPARE(limit("web", "cache"), 120);                    // 3 quick checks: the floor
        QCOMPARE(limit("web", "plain"), 3 * (30 + 30) + 30);     // Docker's defaults: 30 s, 30 s, 3
        QCOMPARE(limit("worker", "db"), 120);                    // started: no check to wait for
    }
};

QTEST_GUILESS_MAIN(TestComposeParse)
#include "test_compose_parse.moc"
