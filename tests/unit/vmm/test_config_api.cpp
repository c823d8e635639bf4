// juxta-vmm's command line, its checks before any KVM set-up, and the control protocol.
#include <QtTest>

#include "vmm/api/protocol.h"
#include "vmm/config.h"
#include "vmm/kvm/system.h"
#include "vmm/launcher.h"

using namespace juxta;
using namespace juxta::vmm;

namespace {
class FakeTarget : public ControlTarget {
  public:
    std::vector<std::string> calls;
    bool failPause = false;
    nlohmann::json status() override { return {{"state", "running"}, {"vcpus", 2}}; }
    juxta::Status pause() override {
        calls.push_back("pause");
        if (failPause) return juxta::Error(ETIMEDOUT, "vCPU 1 did not stop running");
        return {};
    }
    juxta::Status resume() override {
        calls.push_back("resume");
        return {};
    }
    juxta::Status stop(uint32_t graceMs) override {
        calls.push_back("stop " + std::to_string(graceMs));
        return {};
    }
    bool throwInStats = false;  // a bug in a handler: costs one answer, never the VM
    nlohmann::json stats() override {
        if (throwInStats) return nlohmann::json("text").at("key");  // throws type_error
        return {{"exits", {{"io", 3}}}};
    }
    nlohmann::json timings() override { return {{"phases", nlohmann::json::array()}}; }
    nlohmann::json agent(int waitMs) override {
        calls.push_back("agent " + std::to_string(waitMs));
        return {{"ready", true}, {"guest", {{"cpus", 2}}}};
    }
    std::vector<ExecRequest> execs;
    juxta::Result<nlohmann::json> exec(const ExecRequest& request) override {
        execs.push_back(request);
        if (request.argv[0] == "/nonexistent")
            return juxta::Error(EINVAL, "guest agent: command /nonexistent: No such file");
        return nlohmann::json{{"exit_code", 7}, {"signal", 0}, {"stdout", "out"}, {"stderr", ""}};
    }
    std::vector<std::string> hostsWritten;
    juxta::Status hosts(const std::string& lines) override {
        hostsWritten.push_back(lines);
        return {};
    }
};

VmConfig parsed(std::vector<std::string> args) {
    auto c = parseArgs(args);
    if (!c) qFatal("%s", c.error().message().c_str());
    return *c;
}
}  // namespace

class TestConfigApi : public QObject {
    Q_OBJECT
  private slots:
    void parsesEveryOption() {
        VmConfig c =
            parsed({"--kernel", "/k",      "--initrd", "/i",        "--cmdline", "console=ttyS0 quiet",
                    "--memory", "512",     "--vcpus",  "2",         "--console", "/tmp/c",
                    "--agent",  "/tmp/a",  "--api",    "/tmp/s",    "--force",   "--boot",
                    "pvh",      "--stats", "/tmp/st",  "--timings", "/tmp/t"});
        QCOMPARE(c.kernel, std::string("/k"));
        QCOMPARE(c.initrd, std::string("/i"));
        QCOMPARE(c.cmdline, std::string("console=ttyS0 quiet"));
        QCOMPARE(c.memoryMiB, uint64_t(512));
        QCOMPARE(c.vcpus, uint32_t(2));
        QCOMPARE(c.console, std::string("/tmp/c"));
        QCOMPARE(c.api, std::string("/tmp/s"));
        QVERIFY(c.force);
        QVERIFY(c.boot == BootMethod::Pvh);
        QVERIFY(validateConfig(c, uint64_t(24) << 30).ok());
    }

    void rejectsBadArguments_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no guest") << QStringList{"--memory", "64"} << "no guest";
        QTest::newRow("both") << QStringList{"--kernel", "k", "--raw", "r"} << "exclude";
        QTest::newRow("memory 0") << QStringList{"--kernel", "k", "--memory", "0"} << "0 MiB";
        QTest::newRow("memory beyond host")
            << QStringList{"--kernel", "k", "--memory", "65536"} << "more than the host";
        QTest::newRow("vcpus 0") << QStringList{"--kernel", "k", "--vcpus", "0"} << "at least one vCPU";
        QTest::newRow("vcpus 1000") << QStringList{"--kernel", "k", "--vcpus", "1000"} << "more than the 254";
        QTest::newRow("not a number") << QStringList{"--kernel", "k", "--memory", "lots"} << "not a number";
        QTest::newRow("unknown") << QStringList{"--kernel", "k", "--frobnicate", "x"} << "unknown option";
        QTest::newRow("missing value") << QStringList{"--kernel"} << "needs a value";
        QTest::newRow("bad boot") << QStringList{"--kernel", "k", "--boot", "efi"} << "not auto";
        QTest::newRow("disk for a raw guest")
            << QStringList{"--raw", "r", "--disk", "d"} << "needs a Linux guest";
        QTest::newRow("disk without a file") << QStringList{"--kernel", "k", "--disk", ""} << "give an image";
        QStringList seventeen{"--kernel", "k"};
        for (int i = 0; i < 17; ++i) seventeen << "--disk" << QString("d%1").arg(i);
        QTest::newRow("17 disks") << seventeen << "at most 16";
        QStringList sixteen{"--kernel", "k", "--vsock"};
        for (int i = 0; i < 16; ++i) sixteen << "--disk" << QString("d%1").arg(i);
        QTest::newRow("16 disks and vsock") << sixteen << "at most 16";
        QTest::newRow("vsock for a raw guest")
            << QStringList{"--raw", "r", "--vsock"} << "needs a Linux guest";
    }
    void rejectsBadArguments() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        std::vector<std::string> a;
        for (const QString& s : args) a.push_back(s.toStdString());
        auto c = parseArgs(a);
        std::string error;
        if (!c)
            error = c.error().message();
        else if (auto s = validateConfig(*c, uint64_t(24) << 30); !s)
            error = s.error().message();
        QVERIFY2(!error.empty(), "accepted");
        QVERIFY2(error.find(message.toStdString()) != std::string::npos, error.c_str());
    }

    void pvmHostRefusesStockKernelsUnlessForced() {
        VmConfig c = parsed({"--kernel", "/k"});
        HostKvm pvm{KvmKind::Pvm, "", "PVM", false};
        auto refused = checkHost(c, pvm);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message().find("--force") != std::string::npos);
        c.force = true;
        QVERIFY(checkHost(c, pvm).ok());
        VmConfig raw = parsed({"--raw", "/img"});
        QVERIFY(checkHost(raw, pvm).ok());  // test images are not stock kernels
        QVERIFY(!checkHost(c, HostKvm{KvmKind::Absent, "", "no /dev/kvm", false}).ok());
        QVERIFY(checkHost(parsed({"--kernel", "/k"}), HostKvm{KvmKind::Hardware, "Intel VT-x", "VT-x", true})
                    .ok());
        // Where /dev/kvm does not open, the open itself says why (KvmSystem::open).
        QVERIFY(
            checkHost(parsed({"--kernel", "/k"}), HostKvm{KvmKind::NoPermission, "", "EACCES", false}).ok());
    }

    void openingAMissingDeviceSaysWhatToDo() {
        auto kvm = KvmSystem::open("/nonexistent/kvm");
        QVERIFY(!kvm.ok());
        QVERIFY(kvm.error().message().find("not found") != std::string::npos);
    }

    void protocolDispatchesAndEchoesIds() {
        FakeTarget t;
        auto reply = [&](const std::string& line) {
            return nlohmann::json::parse(handleControlRequest(line, t));
        };
        auto status = reply(R"({"cmd":"status","id":7})");
        QCOMPARE(status["ok"].get<bool>(), true);
        QCOMPARE(status["state"].get<std::string>(), std::string("running"));
        QCOMPARE(status["id"].get<int>(), 7);
        QCOMPARE(reply(R"({"cmd":"pause"})")["state"].get<std::string>(), std::string("paused"));
        QCOMPARE(reply(R"({"cmd":"resume"})")["state"].get<std::string>(), std::string("running"));
        QCOMPARE(reply(R"({"cmd":"stats"})")["stats"]["exits"]["io"].get<int>(), 3);
        QCOMPARE(reply(R"({"cmd":"stop"})")["ok"].get<bool>(), true);
        QCOMPARE(reply(R"({"cmd":"stop","grace_ms":5000})")["ok"].get<bool>(), true);
        QCOMPARE(reply(R"({"cmd":"stop","grace_ms":-1})")["ok"].get<bool>(), false);
        QCOMPARE(reply(R"({"cmd":"stop","grace_ms":"soon"})")["ok"].get<bool>(), false);
        QCOMPARE(t.calls, (std::vector<std::string>{"pause", "resume", "stop 0", "stop 5000"}));
        t.failPause = true;
        auto failed = reply(R"({"cmd":"pause"})");
        QCOMPARE(failed["ok"].get<bool>(), false);
        QVERIFY(failed["error"].get<std::string>().find("did not stop") != std::string::npos);
        QCOMPARE(reply("not json")["ok"].get<bool>(), false);
        QCOMPARE(reply("[1,2]")["ok"].get<bool>(), false);
        QCOMPARE(reply(R"({"command":"status"})")["ok"].get<bool>(), false);
        QVERIFY(reply(R"({"cmd":"reboot"})")["error"].get<std::string>().find("unknown command") !=
                std::string::npos);
    }

    void protocolAnswersHostileRequestsWithErrors() {
        FakeTarget t;
        auto reply = [&](const std::string& line) {
            return nlohmann::json::parse(handleControlRequest(line, t));
        };
        const std::string deep =
            R"({"cmd":"status","id":)" + std::string(30000, '[') + std::string(30000, ']') + "}";
        auto nested = reply(deep);
        QCOMPARE(nested["ok"].get<bool>(), false);
        QVERIFY(nested["error"].get<std::string>().find("nested deeper than 64 levels") != std::string::npos);
        QVERIFY(!nested.contains("id"));  // nothing of a refused request is echoed
        QVERIFY(
            !isLongRequest(R"({"cmd":"exec","x":)" + std::string(100, '[') + std::string(100, ']') + "}"));
        auto oversized = reply(R"({"cmd":"status","pad":")" + std::string(70000, 'x') + R"("})");
        QVERIFY(oversized["error"].get<std::string>().find("more than the 65536") != std::string::npos);
        t.throwInStats = true;
        auto internal = reply(R"({"cmd":"stats","id":3})");
        QCOMPARE(internal["ok"].get<bool>(), false);
        QVERIFY(internal["error"].get<std::string>().find("internal error") != std::string::npos);
        QCOMPARE(internal["id"].get<int>(), 3);
        QCOMPARE(reply(R"({"cmd":"status"})")["ok"].get<bool>(), true);
    }

    void aConfigWrittenAsArgumentsReadsBackTheSame() {
        // Every caller spawns juxta-vmm with toArgs(); parseArgs must read back exactly that.
        VmConfig a;
        a.kernel = "/boot/vmlinuz";
        a.initrd = "/boot/initrd";
        a.cmdline = "console=ttyS0 quiet -- not an option";
        a.boot = BootMethod::Pvh;
        a.kernelCache = "/var/cache/k";
        a.memoryMiB = 384;
        a.vcpus = 3;
        a.console = "stdio";
        a.agent = "/run/a.log";
        a.api = "/run/api.sock";
        a.statsFile = "/run/stats.json";
        a.timingsFile = "/run/t.json";
        a.force = true;
        a.vsock = true;
        a.exec = {"sh", "-c", "exit 7", "--memory", "1"};
        a.execInImage = true;
        a.disks = {{"/img/a.raw", false}, {"/img/with:colon:ro", true}, {"/img/b:rw", false}};
        VmConfig raw;
        raw.raw = "/img";
        raw.rawEntry = RawEntry::Long;
        raw.console = "none";
        raw.verbose = true;
        VmConfig defaults;
        defaults.kernel = "/k";
        for (const VmConfig& c : {a, raw, defaults}) {
            auto back = parseArgs(toArgs(c));
            QVERIFY2(back.ok(), back.ok() ? "" : back.error().message().c_str());
            QCOMPARE(back->kernel, c.kernel);
            QCOMPARE(back->initrd, c.initrd);
            QCOMPARE(back->cmdline, c.cmdline);
            QVERIFY(back->boot == c.boot);
            QCOMPARE(back->raw, c.raw);
            QVERIFY(back->rawEntry == c.rawEntry);
            QCOMPARE(back->memoryMiB, c.memoryMiB);
            QCOMPARE(back->vcpus, c.vcpus);
            QCOMPARE(back->console, c.console);
            QCOMPARE(back->agent, c.agent);
            QCOMPARE(back->api, c.api);
            QCOMPARE(back->statsFile, c.statsFile);
            QCOMPARE(back->timingsFile, c.timingsFile);
            QCOMPARE(back->kernelCache, c.kernelCache);
            QCOMPARE(back->exec, c.exec);
            QCOMPARE(back->execInImage, c.execInImage);
            QCOMPARE(back->force, c.force);
            QCOMPARE(back->vsock, c.vsock);
            QCOMPARE(back->verbose, c.verbose);
            QCOMPARE(back->disks.size(), c.disks.size());
            for (std::size_t i = 0; i < c.disks.size(); ++i) {
                QCOMPARE(back->disks[i].file, c.disks[i].file);
                QCOMPARE(back->disks[i].readOnly, c.disks[i].readOnly);
            }
        }
        // Given by hand: FILE is read-write, FILE:ro read-only.
        VmConfig d = parsed({"--kernel", "k", "--disk", "/a.raw", "--disk", "/b.raw:ro"});
        QCOMPARE(d.disks.size(), std::size_t(2));
        QCOMPARE(d.disks[0].file, std::string("/a.raw"));
        QVERIFY(!d.disks[0].readOnly);
        QCOMPARE(d.disks[1].file, std::string("/b.raw"));
        QVERIFY(d.disks[1].readOnly);
    }

    void parsesTheExecCommand() {
        VmConfig c = parsed({"--kernel", "/k", "--exec", "--", "sh", "-c", "exit 7"});
        QCOMPARE(c.exec, (std::vector<std::string>{"sh", "-c", "exit 7"}));
        QCOMPARE(c.console, std::string("none"));  // stdout belongs to the command
        QCOMPARE(parsed({"--kernel", "/k", "--console", "/tmp/c", "--", "/bin/true"}).console,
                 std::string("/tmp/c"));
        QVERIFY(parsed({"--kernel", "/k", "--", "--memory", "1"}).memoryMiB ==
                256);  // after --: the command's
        QVERIFY(!parseArgs({"--kernel", "/k", "--exec"}).ok());
        QVERIFY(!parseArgs({"--kernel", "/k", "--"}).ok());
        QVERIFY(!parsed({"--kernel", "/k", "--", "/bin/true"}).execInImage);
        QVERIFY(parsed({"--kernel", "/k", "--exec-in-image", "--exec", "--", "/bin/true"}).execInImage);
        QVERIFY(!parseArgs({"--kernel", "/k", "--exec-in-image"}).ok());  // and no command
        QVERIFY(!validateConfig(parsed({"--raw", "/r", "--", "/bin/true"}), 0).ok());
    }

    void protocolRunsExecAndReportsTheAgent() {
        FakeTarget t;
        auto reply = [&](const std::string& line) {
            return nlohmann::json::parse(handleControlRequest(line, t));
        };
        auto agent = reply(R"({"cmd":"agent"})");
        QCOMPARE(agent["ready"].get<bool>(), true);
        QCOMPARE(agent["guest"]["cpus"].get<int>(), 2);
        // wait_ms: one request that waits for the agent, answered from the server's own thread.
        QCOMPARE(reply(R"({"cmd":"agent","wait_ms":250})")["ok"].get<bool>(), true);
        QCOMPARE(t.calls, (std::vector<std::string>{"agent 0", "agent 250"}));
        QVERIFY(isLongRequest(R"({"cmd":"agent","wait_ms":250})"));
        QVERIFY(!isLongRequest(R"({"cmd":"agent"})") && !isLongRequest(R"({"cmd":"agent","wait_ms":0})"));
        for (const char* bad : {R"({"cmd":"agent","wait_ms":-1})", R"({"cmd":"agent","wait_ms":"1"})",
                                R"({"cmd":"agent","wait_ms":600001})", R"({"cmd":"agent","wait_ms":1.5})"}) {
            const auto refused = reply(bad);
            QVERIFY2(!refused["ok"].get<bool>() &&
                         refused["error"].get<std::string>().find("wait_ms") != std::string::npos,
                     bad);
        }
        QCOMPARE(t.calls.size(), size_t(2));
        auto ran =
            reply(R"({"cmd":"exec","id":3,"argv":["sh","-c","exit 7"],"env":["A=b"],"timeout_ms":900})");
        QCOMPARE(ran["ok"].get<bool>(), true);
        QCOMPARE(ran["exit_code"].get<int>(), 7);
        QCOMPARE(ran["id"].get<int>(), 3);
        QCOMPARE(t.execs.size(), size_t(1));
        QCOMPARE(t.execs[0].env, std::vector<std::string>{"A=b"});
        QCOMPARE(t.execs[0].timeoutMs, uint32_t(900));
        QVERIFY(isLongRequest(R"({"cmd":"exec","argv":["x"]})"));
        QVERIFY(!isLongRequest(R"({"cmd":"status"})"));
        for (const char* bad :
             {R"({"cmd":"exec"})", R"({"cmd":"exec","argv":[]})", R"({"cmd":"exec","argv":[1]})",
              R"({"cmd":"exec","argv":["x"],"env":["novalue"]})",
              R"({"cmd":"exec","argv":["x"],"timeout_ms":-5})"}) {
            auto r = reply(bad);
            QVERIFY2(!r["ok"].get<bool>(), bad);
            QVERIFY2(r["error"].get<std::string>().rfind("exec:", 0) == 0, bad);
        }
        QCOMPARE(t.execs.size(), size_t(1));  // none of the bad ones reached the guest
        auto missing = reply(R"({"cmd":"exec","argv":["/nonexistent"]})");
        QCOMPARE(missing["ok"].get<bool>(), false);
        QVERIFY(missing["error"].get<std::string>().find("No such file") != std::string::npos);
    }

    // A compose service in a VM: its command's output on the console, its /etc/hosts from the host.
    void protocolRunsAServiceAndWritesHosts() {
        FakeTarget t;
        auto reply = [&](const std::string& line) {
            return nlohmann::json::parse(handleControlRequest(line, t));
        };
        auto ran =
            reply(R"({"cmd":"exec","argv":["httpd","-f"],"in_image":true,"console":true,"stop_signal":3})");
        QCOMPARE(ran["ok"].get<bool>(), true);
        QCOMPARE(t.execs.size(), size_t(1));
        QVERIFY(t.execs[0].console && t.execs[0].inImage);
        QCOMPARE(t.execs[0].stopSignal, 3);  // SIGQUIT, the image's StopSignal, on to the guest
        QVERIFY(!reply(R"({"cmd":"exec","argv":["x"],"console":"yes"})")["ok"].get<bool>());
        for (const char* bad : {R"({"cmd":"exec","argv":["x"],"stop_signal":0})",
                                R"({"cmd":"exec","argv":["x"],"stop_signal":65})",
                                R"({"cmd":"exec","argv":["x"],"stop_signal":"SIGTERM"})"})
            QVERIFY2(!reply(bad)["ok"].get<bool>(), bad);
        QCOMPARE(t.execs.size(), size_t(1));
        auto hosts = reply(R"({"cmd":"hosts","id":4,"lines":"10.123.0.2\tdb shop-db\n"})");
        QCOMPARE(hosts["ok"].get<bool>(), true);
        QCOMPARE(hosts["id"].get<int>(), 4);
        QCOMPARE(t.hostsWritten, std::vector<std::string>{"10.123.0.2\tdb shop-db\n"});
        QVERIFY(isLongRequest(R"({"cmd":"hosts","lines":""})"));  // the guest answers it
        for (const char* bad : {R"({"cmd":"hosts"})", R"({"cmd":"hosts","lines":["a"]})"})
            QVERIFY2(!reply(bad)["ok"].get<bool>(), bad);
        QCOMPARE(t.hostsWritten.size(), size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestConfigApi)
#include "test_config_api.moc"
