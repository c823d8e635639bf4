// juxtactl: its argument parser, and the real binary's `host` command and bad input.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <filesystem>

#include "juxtactl/args.h"
#include "support/program_run.h"

using namespace juxta::cli;

using juxta::testing::juxtactl;
using juxta::testing::ProgramRun;

class TestCli : public QObject {
    Q_OBJECT
  private slots:
    void parsesFlagsOptionsAndRest() {
        auto a = Args::parse({"--rm", "--memory", "256M", "--cpus=1.5", "busybox", "--", "sh", "-c", "x"},
                             {.flags = {"--rm"}, .options = {"--memory", "--cpus"}});
        QVERIFY(a.ok());
        QVERIFY(a->has("--rm"));
        QCOMPARE(*a->value("--memory"), std::string("256M"));
        QCOMPARE(*a->value("--cpus"), std::string("1.5"));
        QCOMPARE(a->positionals(), std::vector<std::string>{"busybox"});
        QCOMPARE(a->rest(), (std::vector<std::string>{"sh", "-c", "x"}));
    }
    void firstPositionalCanStartTheCommand() {
        auto a = Args::parse({"-t", "busybox", "ls", "-l"}, {.flags = {"-t"}, .positionalsEndOptions = true});
        QVERIFY(a.ok());
        QCOMPARE(a->rest(), (std::vector<std::string>{"ls", "-l"}));
    }
    void badArgumentsSayWhatIsWrong() {
        auto unknown = Args::parse({"--bogus"}, {});
        QVERIFY(!unknown.ok());
        QCOMPARE(QString::fromStdString(unknown.error().message()), QString("unknown option --bogus"));
        auto missing = Args::parse({"--memory"}, {.options = {"--memory"}});
        QCOMPARE(QString::fromStdString(missing.error().message()), QString("option --memory needs a value"));
    }
    void hostJsonDescribesThisHost() {
        ProgramRun r = juxtactl({"host", "--json"});
        QCOMPARE(r.code, 0);
        QJsonParseError perr;
        QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8(), &perr).object();
        QCOMPARE(perr.error, QJsonParseError::NoError);
        const QString kvm = j["kvm"].toObject()["kind"].toString();
        QVERIFY(QStringList({"absent", "no-permission", "hardware", "pvm", "unknown"}).contains(kvm));
        // kvm_pvm loaded and /dev/kvm there: PVM. (A PVM guest's kernel loads the module but does not bind
        // it to /dev/kvm: "kvm-pvm: this kernel is itself a kvm-pvm guest".)
        if (std::filesystem::exists("/sys/module/kvm_pvm") && std::filesystem::exists("/dev/kvm") &&
            geteuid() == 0)
            QCOMPARE(kvm, QString("pvm"));
        if (!std::filesystem::exists("/dev/kvm")) QCOMPARE(kvm, QString("absent"));
        const QString mode = j["cgroup"].toObject()["mode"].toString();
        QVERIFY(QStringList({"none", "v1", "v2", "hybrid"}).contains(mode));
        if (std::filesystem::exists("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
            QCOMPARE(j["cgroup"].toObject()["controllers_on"].toString(), QString("v1"));
        if (std::filesystem::exists("/sys/fs/cgroup/cgroup.controllers")) QCOMPARE(mode, QString("v2"));
        QVERIFY(j["cpu"].toObject()["count"].toInt() >= 1);
        QCOMPARE(j["root"].toBool(), geteuid() == 0);
        QVERIFY(j["root_filesystem"].toObject()["mount_point"].isBool());
    }
    void hostPlainTextNamesEachCapability() {
        ProgramRun r = juxtactl({"host"});
        QCOMPARE(r.code, 0);
        for (const char* key :
             {"kvm", "cgroups", "user namespaces", "overlayfs", "/dev/net/tun", "root", "/ is a mount"})
            QVERIFY2(r.out.contains(QLatin1String(key)), key);
    }
    void badInputIsOneLineAndExitTwo() {
        for (const QStringList& args : {QStringList{"host", "--bogus"}, QStringList{"nonsense"},
                                        QStringList{"--what"}, QStringList{"host", "extra"}}) {
            ProgramRun r = juxtactl(args);
            QCOMPARE(r.code, 2);
            QCOMPARE(r.err.count('\n'), 1);
            QVERIFY(r.err.startsWith("juxtactl: "));
            QVERIFY(r.out.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
