// core/bounded_json + core/json_reader: hostile JSON (too deep, too large, wrong types) is an
// Error with a message, never an exception, a crash or a half-read value.
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

#include "core/bounded_json.h"
#include "core/json_reader.h"

using namespace juxta;
using nlohmann::json;

namespace {

std::string nested(std::size_t depth, char open = '[', char close = ']') {
    return std::string(depth, open) + std::string(depth, close);
}

QString message(const Error& e) {
    return QString::fromStdString(e.message());
}

}  // namespace

class TestBoundedJson : public QObject {
    Q_OBJECT
  private slots:
    void aMillionLevelsDeepIsRefusedWithoutRecursion() {
        // 2 MB of '[' ... ']': nlohmann would build (and a copy would recurse through) 10^6 levels.
        auto r = parseBoundedJson(nested(1000000), {std::size_t(4) << 20}, "index.json");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), EINVAL);
        QVERIFY2(message(r.error()).contains("index.json: nested deeper than 64 levels"),
                 qPrintable(message(r.error())));
        // Objects nest the same way: {"a":{"a":...}}.
        std::string objects;
        for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
        objects += "1" + std::string(100000, '}');
        QVERIFY(!parseBoundedJson(objects, {std::size_t(4) << 20}, "x").ok());
    }
    void depthLimitIsExact() {
        QVERIFY(parseBoundedJson(nested(64), kImageJsonLimits, "x").ok());
        QVERIFY(!parseBoundedJson(nested(65), kImageJsonLimits, "x").ok());
        QVERIFY(parseBoundedJson(nested(3), {1024, 3}, "x").ok());
        QVERIFY(!parseBoundedJson("{\"a\":[[1]]}", {1024, 2}, "x").ok());
    }
    void oversizeIsRefusedBeforeParsing() {
        const std::string big = "\"" + std::string(2 << 20, 'a') + "\"";
        auto r = parseBoundedJson(big, kImageJsonLimits, "manifest");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), EFBIG);
        QVERIFY(message(r.error()).startsWith("manifest: 2097154 bytes, more than the 1048576"));
        QVERIFY(parseBoundedJson("\"" + std::string(1000, 'a') + "\"", kImageJsonLimits, "m").ok());
    }
    void invalidJsonIsAnErrorNotAnException() {
        for (const char* bad : {"", "{", "[1,", "{\"a\":}", "nul", "\"\\ud800\"x", "1 2"}) {
            auto r = parseBoundedJson(bad, kControlLineLimits, "request");
            QVERIFY2(!r.ok(), bad);
            QVERIFY(message(r.error()).startsWith("request: not valid JSON"));
        }
    }
    void filesAreCheckedForSizeBeforeReading() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("state.json").toStdString();
        std::ofstream(path) << std::string(3000, ' ') << "{}";
        auto r = readBoundedJsonFile(path, {1024}, "state file");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), EFBIG);
        QVERIFY(readBoundedJsonFile(path, {4096}, "state file").ok());
        auto missing = readBoundedJsonFile(dir.filePath("none").toStdString(), {4096}, "state file");
        QCOMPARE(missing.error().code(), ENOENT);
        auto directory = readBoundedJsonFile(dir.path().toStdString(), {4096}, "state file");
        QVERIFY(!directory.ok());
    }
    void wrongTypesAreErrorsWithTheirPath() {
        const json j = json::parse(R"({"id":"a","pid":"12","exit":{"code":true},"n":-1,"big":4294967296})");
        JsonReader r(j, "state file s.json");
        QCOMPARE(r.string("id"), std::string("a"));
        QVERIFY(r.ok());
        QCOMPARE(r.integer<int>("pid", 7), 0);  // present, wrong type: not the fallback
        QVERIFY(!r.ok());
        QCOMPARE(message(r.status().error()),
                 QString("state file s.json: pid: expected an integer, found string"));
        // Only the first failure is kept.
        (void)r.field("exit").integer<int>("code");
        QCOMPARE(message(r.status().error()),
                 QString("state file s.json: pid: expected an integer, found string"));

        JsonReader nestedReader(j, "doc");
        (void)nestedReader.field("exit").integer<int>("code");
        QCOMPARE(message(nestedReader.status().error()),
                 QString("doc: exit.code: expected an integer, found boolean"));
    }
    void integersAreRangeChecked() {
        const json j = json::parse(R"({"n":-1,"big":4294967296,"max":4294967295,"f":1.5})");
        JsonReader a(j, "doc");
        QCOMPARE(a.integer<uint32_t>("max"), 4294967295u);
        QCOMPARE(a.integer<int64_t>("n"), int64_t(-1));
        QVERIFY(a.ok());
        JsonReader b(j, "doc");
        QCOMPARE(b.integer<uint32_t>("big"), 0u);
        QVERIFY(message(b.status().error()).contains("big: the integer 4294967296 is out of range"));
        JsonReader c(j, "doc");
        (void)c.integer<uint32_t>("n");
        QVERIFY(!c.ok());
        JsonReader d(j, "doc");
        (void)d.integer<int>("f");
        QVERIFY(message(d.status().error()).contains("f: expected an integer, found number"));
    }
    void missingAndNullUseTheFallbackOrFail() {
        const json j = json::parse(R"({"a":null,"list":["x",1],"obj":[]})");
        JsonReader r(j, "doc");
        QCOMPARE(r.string("a", "dflt"), std::string("dflt"));
        QCOMPARE(r.boolean("none", true), true);
        QVERIFY(r.ok());
        (void)r.string("none");
        QCOMPARE(message(r.status().error()), QString("doc: none: expected a string, found nothing"));
        JsonReader s(j, "doc");
        QVERIFY(s.strings("list").empty());
        QCOMPARE(message(s.status().error()), QString("doc: list[1]: expected a string, found number"));
        JsonReader t(j, "doc");
        (void)t.field("obj").string("k", "");  // a member of an array: an error, not the fallback
        QCOMPARE(message(t.status().error()), QString("doc: obj: expected an object, found array"));
        const json top = json::array();
        JsonReader u(top, "doc");
        (void)u.string("k", "");
        QCOMPARE(message(u.status().error()), QString("doc: expected an object, found array"));
    }
};

QTEST_GUILESS_MAIN(TestBoundedJson)
#include "test_bounded_json.moc"
