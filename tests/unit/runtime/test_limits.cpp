// Limits as people type them, and the spec checks that run before anything is created.
#include <QTest>

#include "runtime/limits.h"
#include "runtime/overlay.h"
#include "runtime/spec.h"

using namespace juxta;
using namespace juxta::runtime;

class TestLimits : public QObject {
    Q_OBJECT
  private slots:
    void memorySizes() {
        QCOMPARE(*parseMemory("256M"), int64_t(256) << 20);
        QCOMPARE(*parseMemory("256m"), int64_t(256) << 20);
        QCOMPARE(*parseMemory("64MiB"), int64_t(64) << 20);
        QCOMPARE(*parseMemory("1.5G"), int64_t(1536) << 20);
        QCOMPARE(*parseMemory("2048k"), int64_t(2) << 20);
        QCOMPARE(*parseMemory("1048576"), int64_t(1) << 20);
    }
    void badMemorySizes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("junk") << "abc"
                              << "not a size";
        QTest::newRow("negative") << "-5"
                                  << "must be positive";
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("unit") << "12Q"
                              << "unknown unit";
        QTest::newRow("tiny") << "1k"
                              << "below the 1 MiB minimum";
        QTest::newRow("zero") << "0"
                              << "below the 1 MiB minimum";
        QTest::newRow("huge") << "99999999T"
                              << "too large";
        QTest::newRow("two dots") << "1.2.3M"
                                  << "not a size";
    }
    void badMemorySizes() {
        QFETCH(QString, text);
        QFETCH(QString, why);
        auto r = parseMemory(text.toStdString());
        QVERIFY(!r.ok());
        const QString message = QString::fromStdString(r.error().message());
        QVERIFY2(message.contains(why), qPrintable(message));
        QVERIFY2(message.contains("'" + text + "'"), qPrintable(message));  // names the bad value
    }
    void cpus() {
        QCOMPARE(*parseCpus("1.5"), 1.5);
        QCOMPARE(*parseCpus("2"), 2.0);
        QVERIFY(!parseCpus("abc").ok());
        QVERIFY(!parseCpus("-5").ok());
        QVERIFY(!parseCpus("0").ok());
        QVERIFY(!parseCpus("1.5x").ok());
        QVERIFY(!parseCpus("5000").ok());
    }
    void pids() {
        QCOMPARE(*parsePids("128"), int64_t(128));
        QVERIFY(!parsePids("abc").ok());
        QVERIFY(!parsePids("-5").ok());
        QVERIFY(!parsePids("0").ok());
        QVERIFY(!parsePids("12.5").ok());
        QVERIFY(!parsePids("99999999999999999999999").ok());
    }
    void specValidation() {
        ContainerSpec spec;
        spec.id = "abc123";
        spec.args = {"/bin/true"};
        spec.layers = {"/images/layers/a"};
        spec.mountBase = "/run/juxta/mnt";
        QVERIFY(validate(spec).ok());
        ContainerSpec noCommand = spec;
        noCommand.args.clear();
        QVERIFY(QString::fromStdString(validate(noCommand).error().message()).contains("no command"));
        ContainerSpec badId = spec;
        badId.id = "../x";
        QVERIFY(!validate(badId).ok());
        ContainerSpec relative = spec;
        relative.layers = {"layers/a"};
        QVERIFY(!validate(relative).ok());
        ContainerSpec halfLayer = spec;
        halfLayer.upperDir = "/data/upper";
        QVERIFY(!validate(halfLayer).ok());
        ContainerSpec badLimit = spec;
        badLimit.limits.pidsMax = 0;
        QVERIFY(!validate(badLimit).ok());
    }
    void overlayOptionsListTopLayerFirst() {
        auto o = overlayOptions({"/l/base", "/l/middle", "/l/top"}, "/c/upper", "/c/work");
        QVERIFY(o.ok());
        QCOMPARE(*o, std::string("lowerdir=/l/top:/l/middle:/l/base,upperdir=/c/upper,workdir=/c/work"));
        QVERIFY(!overlayOptions({"/l/a,b"}, "/c/upper", "/c/work").ok());
        QVERIFY(!overlayOptions({"/l/a:b"}, "/c/upper", "/c/work").ok());
        QVERIFY(!overlayOptions({}, "/c/upper", "/c/work").ok());
        std::vector<std::filesystem::path> many(400, "/a/very/long/layer/path/component");
        QCOMPARE(overlayOptions(many, "/u", "/w").error().code(), E2BIG);
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "test_limits.moc"
