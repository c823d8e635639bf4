// What a pull reads before any byte of an image: references as people type them (normalised as
// Docker does), platforms, a registry's WWW-Authenticate challenge, and the credential files
// Podman and Docker keep — hostile values included.
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "images/platform.h"
#include "images/reference.h"
#include "images/registry_auth.h"

using namespace juxta;
using namespace juxta::images;

class TestRegistryParsing : public QObject {
    Q_OBJECT

  private slots:
    void referencesAreNormalised_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("normalised");
        QTest::addColumn<QString>("familiar");
        QTest::newRow("short") << "redis"
                               << "docker.io/library/redis:latest"
                               << "redis:latest";
        QTest::newRow("tag") << "redis:7"
                             << "docker.io/library/redis:7"
                             << "redis:7";
        QTest::newRow("namespace") << "bitnami/redis:7.2"
                                   << "docker.io/bitnami/redis:7.2"
                                   << "bitnami/redis:7.2";
        QTest::newRow("hub alias") << "index.docker.io/library/redis"
                                   << "docker.io/library/redis:latest"
                                   << "redis:latest";
        QTest::newRow("port") << "localhost:5000/app"
                              << "localhost:5000/app:latest"
                              << "localhost:5000/app:latest";
        QTest::newRow("ip") << "127.0.0.1:5000/ns/app:1.0-rc"
                            << "127.0.0.1:5000/ns/app:1.0-rc"
                            << "127.0.0.1:5000/ns/app:1.0-rc";
        QTest::newRow("host") << "quay.io/a/b/c"
                              << "quay.io/a/b/c:latest"
                              << "quay.io/a/b/c:latest";
        const QString d = "sha256:" + QString(64, 'a');
        QTest::newRow("digest") << "redis@" + d << "docker.io/library/redis@" + d << "redis@" + d;
        QTest::newRow("tag and digest")
            << "redis:7@" + d << "docker.io/library/redis:7@" + d << "redis:7@" + d;
        QTest::newRow("separators") << "a__b-c---d/e.f_g"
                                    << "docker.io/a__b-c---d/e.f_g:latest"
                                    << "a__b-c---d/e.f_g:latest";
    }
    void referencesAreNormalised() {
        QFETCH(QString, text);
        QFETCH(QString, normalised);
        QFETCH(QString, familiar);
        auto ref = parseReference(text.toStdString());
        QVERIFY2(ref.ok(), ref.ok() ? "" : ref.error().message().c_str());
        QCOMPARE(QString::fromStdString(ref->str()), normalised);
        QCOMPARE(QString::fromStdString(ref->familiar()), familiar);
    }

    void hubIsReachedAtItsApiHost() {
        QCOMPARE(parseReference("redis")->apiHost(), std::string("registry-1.docker.io"));
        QCOMPARE(parseReference("localhost:5000/a")->apiHost(), std::string("localhost:5000"));
        QCOMPARE(parseReference("redis")->manifestRef(), std::string("latest"));
    }

    void badReferencesAreRefused_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("upper case") << "Redis";
        QTest::newRow("space") << "re dis";
        QTest::newRow("dot dot") << "../etc/passwd";
        QTest::newRow("leading separator") << "-redis";
        QTest::newRow("double slash") << "a//b";
        QTest::newRow("empty tag") << "redis:";
        QTest::newRow("bad tag") << "redis:-x";
        QTest::newRow("long tag") << "redis:" + QString(129, 'a');
        QTest::newRow("bad digest") << "redis@sha256:abc";
        QTest::newRow("md5 digest") << "redis@md5:" + QString(32, 'a');
        QTest::newRow("bad port") << "host:99999999/app";
        QTest::newRow("host only") << "quay.io/";
        QTest::newRow("newline") << "redis\n:7";
        QTest::newRow("huge") << QString(100000, 'a');
        QTest::newRow("long name") << QString(300, 'a');
    }
    void badReferencesAreRefused() {
        QFETCH(QString, text);
        auto ref = parseReference(text.toStdString());
        QVERIFY(!ref.ok());
        QCOMPARE(ref.error().code(), EINVAL);
        QVERIFY(ref.error().message().size() < 400);
    }

    void platforms() {
        QCOMPARE(parsePlatform("linux/arm64/v8")->str(), std::string("linux/arm64/v8"));
        QCOMPARE(parsePlatform("amd64")->str(), std::string("linux/amd64"));
        QVERIFY(!parsePlatform("linux/").ok());
        QVERIFY(!parsePlatform("a/b/c/d").ok());
        QVERIFY(!parsePlatform("linux/AMD64").ok());
        QVERIFY(runsHere(hostPlatform()).ok());
        QCOMPARE(runsHere(*parsePlatform("windows/amd64")).error().code(), ENOTSUP);
        QCOMPARE(runsHere(*parsePlatform("linux/s390x")).error().code(), ENOTSUP);
    }

    void challengesAreParsed() {
        auto c = parseAuthChallenge(
            "Bearer "
            "realm=\"https://auth.docker.io/"
            "token\",service=\"registry.docker.io\",scope=\"repository:library/redis:pull\"");
        QVERIFY(c.ok());
        QCOMPARE(c->scheme, std::string("bearer"));
        QCOMPARE(c->params["realm"], std::string("https://auth.docker.io/token"));
        QCOMPARE(c->params["service"], std::string("registry.docker.io"));
        QCOMPARE(c->params["scope"], std::string("repository:library/redis:pull"));
        auto basic = parseAuthChallenge("Basic realm=\"juxta \\\"test\\\"\"");
        QCOMPARE(basic->scheme, std::string("basic"));
        QCOMPARE(basic->params["realm"], std::string("juxta \"test\""));
        auto unquoted = parseAuthChallenge("Bearer realm=https://x/token, error=invalid_token");
        QCOMPARE(unquoted->params["realm"], std::string("https://x/token"));
        QCOMPARE(unquoted->params["error"], std::string("invalid_token"));
        QVERIFY(!parseAuthChallenge("").ok());
        QVERIFY(!parseAuthChallenge("Bearer realm=\"never closed").ok());
        QVERIFY(!parseAuthChallenge("Bearer realm=\"" + std::string(10000, 'a') + "\"").ok());
    }

    void base64RoundTrips() {
        for (const std::string& s :
             std::vector<std::string>{"", "a", "ab", "abc", "user:pässword", std::string("\0\xff:\x01", 4)}) {
            auto back = base64Decode(base64Encode(s));
            QVERIFY(back.ok());
            QCOMPARE(*back, s);
        }
        QCOMPARE(base64Encode("juxta:s3cret"), std::string("anV4dGE6czNjcmV0"));
        QVERIFY(!base64Decode("a=b").ok());
        QVERIFY(!base64Decode("!!!").ok());
    }

    void credentialsAreFoundSavedAndRemoved() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.path().toStdString() + "/auth.json";
        qputenv("REGISTRY_AUTH_FILE", QByteArray::fromStdString(file.string()));
        qputenv("HOME", dir.path().toUtf8());
        qputenv("XDG_RUNTIME_DIR", (dir.path() + "/run").toUtf8());
        QVERIFY(!findCredentials("localhost:5000")->has_value());
        QVERIFY(storeCredentials(file, "localhost:5000", {"juxta", "pw:with:colons"}).ok());
        auto found = findCredentials("localhost:5000");
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->username, std::string("juxta"));
        QCOMPARE((*found)->password, std::string("pw:with:colons"));
        QCOMPARE(int(std::filesystem::status(file).permissions() & std::filesystem::perms::all), 0600);
        QVERIFY(!findCredentials("localhost:5001")->has_value());
        // Docker's own name for the Hub's entry is the Hub.
        std::ofstream(file)
            << "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dTpw\"}},\"credsStore\":\"x\"}";
        QCOMPARE((*findCredentials("docker.io"))->username, std::string("u"));
        QVERIFY(removeCredentials(file, "docker.io").ok());
        QCOMPARE(removeCredentials(file, "docker.io").error().code(), ENOENT);
        // Hostile files: one clear error each, never a crash.
        std::ofstream(file) << "{\"auths\":{\"localhost:5000\":{\"auth\":\"bm9jb2xvbg==\"}}}";  // "nocolon"
        QVERIFY(!findCredentials("localhost:5000").ok());
        std::ofstream(file) << "{\"auths\":{\"localhost:5000\":{\"auth\":7}}}";
        QVERIFY(!findCredentials("localhost:5000").ok());
        std::ofstream(file) << "{\"auths\":[]}";
        QVERIFY(!findCredentials("localhost:5000").ok());
        std::ofstream(file) << std::string(100000, '[');
        QVERIFY(!findCredentials("localhost:5000").ok());
    }
};

QTEST_GUILESS_MAIN(TestRegistryParsing)
#include "test_registry_parsing.moc"
