// The agent protocol on ttyS1, both ends: what the guest agent builds, the VMM parses back; the
// requests the VMM sends, the agent parses; malformed lines are refused with a reason.
#include <QtTest>

#include "guest/agent/protocol.h"
#include "vmm/agent/agent_events.h"
#include "vmm/virtio/vsock.h"

using nlohmann::json;
namespace guest = juxta::guest;
namespace vmm = juxta::vmm;

namespace {
std::vector<std::string> split(vmm::LineSplitter& s, std::string_view bytes) {
    std::vector<std::string> lines;
    for (char c : bytes)
        if (auto line = s.push(uint8_t(c))) lines.push_back(*line);
    return lines;
}
}  // namespace

// Both ends of the agent's vsock stream name one port.
static_assert(juxta::guest::kAgentVsockPort == juxta::vmm::virtio::kAgentVsockPort);

class TestAgentProtocol : public QObject {
    Q_OBJECT
  private slots:
    void readyAndExitEventsRoundTrip() {
        guest::ReadyInfo info{123, 130, "6.1.0-56-cloud-amd64", 2, 232000, 0, "", "", {}};
        info.steps = {{"mounts", 4}, {"modules", 120}};
        const std::string ready = guest::readyEvent(info);
        QCOMPARE(ready.back(), '\n');
        vmm::LineSplitter s;
        auto lines = split(s, ready);
        QCOMPARE(lines.size(), size_t(1));
        auto event = vmm::parseAgentEvent(lines[0]);
        QVERIFY(event.ok());
        QVERIFY(event->kind == vmm::AgentEvent::Kind::Ready);
        QCOMPARE(event->body["cpus"].get<int>(), 2);
        QCOMPARE(event->body["mem_total_kib"].get<int>(), 232000);
        QCOMPARE(event->body["kernel"].get<std::string>(), std::string("6.1.0-56-cloud-amd64"));
        QCOMPARE(event->body["steps"]["modules_ms"].get<int>(), 120);
        QCOMPARE(event->body["steps"]["mounts_ms"].get<int>(), 4);
        // The agent back on ttyS1 after its stream ended: a line the host knows.
        auto channel = vmm::parseAgentEvent(split(s, guest::channelEvent("ttyS1"))[0]);
        QVERIFY(channel.ok());
        QVERIFY(channel->kind == vmm::AgentEvent::Kind::Channel);

        guest::RunResult r;
        r.id = 9;
        r.code = -1;
        r.signal = 9;
        r.timedOut = true;
        r.out.bytes = std::string("line\n\x01\xff tab\t", 13);  // a control byte and invalid UTF-8
        guest::capture(r.err, "0123456789", 4);
        r.meminfo = {{"MemTotal", 232000}, {"MemFree", 200000}};
        r.maxRssKib = 1500;
        event = vmm::parseAgentEvent(split(s, guest::exitEvent(r)).at(0));
        QVERIFY(event.ok());
        QVERIFY(event->kind == vmm::AgentEvent::Kind::Exit);
        json result = vmm::execResult(event->body, 12.5);
        QCOMPARE(result["signal"].get<int>(), 9);
        QCOMPARE(vmm::shellExitStatus(result), 137);
        QCOMPARE(result["stderr"].get<std::string>(), std::string("0123"));
        QVERIFY(result["stdout"].get<std::string>().rfind("line\n\x01", 0) == 0);
        QCOMPARE(result["guest"]["stderr_truncated"].get<bool>(), true);
        QCOMPARE(result["guest"]["timed_out"].get<bool>(), true);
        QCOMPARE(result["guest"]["meminfo"]["MemTotal"].get<int>(), 232000);
        QCOMPARE(result["guest"]["maxrss_kib"].get<int>(), 1500);
        QCOMPARE(result["wall_ms"].get<double>(), 12.5);

        r.code = 7;
        r.signal = 0;
        event = vmm::parseAgentEvent(split(s, guest::exitEvent(r)).at(0));
        QCOMPARE(vmm::shellExitStatus(vmm::execResult(event->body, 1)), 7);

        event = vmm::parseAgentEvent(split(s, guest::errorEvent(4, "command nope: No such file")).at(0));
        QVERIFY(event.ok());
        QVERIFY(event->kind == vmm::AgentEvent::Kind::Error);
        QCOMPARE(event->body["id"].get<int>(), 4);
    }

    void runRequestsRoundTrip() {
        vmm::ExecRequest request;
        request.argv = {"sh", "-c", "exit 7"};
        request.env = {"A=1", "PATH=/bin"};
        request.cwd = "/tmp";
        request.timeoutMs = 2500;
        const std::string line = vmm::runRequestLine(42, request);
        QCOMPARE(line.back(), '\n');
        guest::Request parsed = guest::parseRequest(std::string_view(line).substr(0, line.size() - 1));
        QVERIFY(parsed.kind == guest::Request::Kind::Run);
        QCOMPARE(parsed.run.id, uint64_t(42));
        QCOMPARE(parsed.run.argv, request.argv);
        QCOMPARE(parsed.run.env, request.env);
        QCOMPARE(parsed.run.cwd, std::string("/tmp"));
        QCOMPARE(parsed.run.timeoutMs, uint32_t(2500));
        QVERIFY(!parsed.run.inImage);
        QCOMPARE(parsed.run.uid, uint32_t(0));
        // In an image VM's root, as the image's user.
        request.inImage = true;
        request.user = "1001:50";
        const std::string inImage = vmm::runRequestLine(43, request);
        parsed = guest::parseRequest(std::string_view(inImage).substr(0, inImage.size() - 1));
        QVERIFY(parsed.kind == guest::Request::Kind::Run);
        QVERIFY(parsed.run.inImage);
        QCOMPARE(parsed.run.uid, uint32_t(1001));
        QCOMPARE(parsed.run.gid, uint32_t(50));
        request.user = "7";
        const std::string uidOnly = vmm::runRequestLine(44, request);
        parsed = guest::parseRequest(std::string_view(uidOnly).substr(0, uidOnly.size() - 1));
        QCOMPARE(parsed.run.uid, uint32_t(7));
        QCOMPARE(parsed.run.gid, uint32_t(0));
        QVERIFY(!parsed.run.toConsole);
        // A compose service's command: its output on the console.
        request.console = true;
        const std::string service = vmm::runRequestLine(45, request);
        parsed = guest::parseRequest(std::string_view(service).substr(0, service.size() - 1));
        QVERIFY(parsed.kind == guest::Request::Kind::Run);
        QVERIFY(parsed.run.toConsole);
        QCOMPARE(parsed.run.stopSignal, 0);  // none given: the agent's SIGTERM
        request.stopSignal = 10;             // SIGUSR1: the image's StopSignal
        const std::string stoppable = vmm::runRequestLine(46, request);
        parsed = guest::parseRequest(std::string_view(stoppable).substr(0, stoppable.size() - 1));
        QCOMPARE(parsed.run.stopSignal, 10);
        for (const char* bad : {"0", "65", "-9", "\"TERM\"", "1.5"}) {
            const std::string line =
                R"({"cmd":"run","id":1,"argv":["x"],"stop_signal":)" + std::string(bad) + "}";
            QVERIFY2(guest::parseRequest(line).kind == guest::Request::Kind::Invalid, bad);
        }
        guest::Request off = guest::parseRequest(
            std::string_view(vmm::kPowerOffLine).substr(0, vmm::kPowerOffLine.size() - 1));
        QVERIFY(off.kind == guest::Request::Kind::PowerOff);
        QCOMPARE(off.graceMs, uint32_t(0));  // at once
        const std::string graceful = vmm::powerOffLine(9000);
        off = guest::parseRequest(std::string_view(graceful).substr(0, graceful.size() - 1));
        QVERIFY(off.kind == guest::Request::Kind::PowerOff);
        QCOMPARE(off.graceMs, uint32_t(9000));
        for (const char* bad : {"-1", "3600001", "\"9s\""}) {
            const std::string line = R"({"cmd":"poweroff","grace_ms":)" + std::string(bad) + "}";
            QVERIFY2(guest::parseRequest(line).kind == guest::Request::Kind::Invalid, bad);
        }
    }

    void hostsRequestsRoundTrip() {
        const std::string line = vmm::hostsRequestLine(9, "10.123.0.2\tdb shop-db\n10.123.0.3\tweb shop-web");
        guest::Request parsed = guest::parseRequest(std::string_view(line).substr(0, line.size() - 1));
        QVERIFY(parsed.kind == guest::Request::Kind::Hosts);
        QCOMPARE(parsed.id, int64_t(9));
        // The last line gets its newline.
        QCOMPARE(parsed.hostsLines, std::string("10.123.0.2\tdb shop-db\n10.123.0.3\tweb shop-web\n"));
        // Nothing at all is a valid set of lines: the VM's own only.
        const std::string none = vmm::hostsRequestLine(10, "");
        QCOMPARE(guest::parseRequest(std::string_view(none).substr(0, none.size() - 1)).hostsLines,
                 std::string());
        // The agent answers with an exit event of code 0, which the host reads as any command's end.
        guest::RunResult done;
        done.id = 9;
        done.code = 0;
        vmm::LineSplitter s;
        auto event = vmm::parseAgentEvent(split(s, guest::exitEvent(done)).at(0));
        QVERIFY(event.ok());
    }

    void guestRefusesMalformedRequests_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not json") << "run /bin/true"
                                  << "not a JSON object";
        QTest::newRow("too deep") << QString::fromStdString(R"({"cmd":"run","id":1,"argv":)" +
                                                            std::string(100000, '[') +
                                                            std::string(100000, ']') + "}")
                                  << "nested deeper than 64 levels";
        QTest::newRow("array") << "[1]"
                               << "not a JSON object";
        QTest::newRow("no cmd") << R"({"id":1})"
                                << "no \"cmd\"";
        QTest::newRow("unknown cmd") << R"({"cmd":"format","id":1})"
                                     << "unknown cmd";
        QTest::newRow("no id") << R"({"cmd":"run","argv":["x"]})"
                               << "needs an \"id\"";
        QTest::newRow("bad id") << R"({"cmd":"run","id":-1,"argv":["x"]})"
                                << "\"id\"";
        QTest::newRow("empty argv") << R"({"cmd":"run","id":1,"argv":[]})"
                                    << "\"argv\"";
        QTest::newRow("argv numbers") << R"({"cmd":"run","id":1,"argv":[1]})"
                                      << "\"argv\"";
        QTest::newRow("env not K=V") << R"({"cmd":"run","id":1,"argv":["x"],"env":["K"]})"
                                     << "not K=V";
        QTest::newRow("timeout text") << R"({"cmd":"run","id":1,"argv":["x"],"timeout_ms":"1s"})"
                                      << "timeout_ms";
        QTest::newRow("in_image text") << R"({"cmd":"run","id":1,"argv":["x"],"in_image":"yes"})"
                                       << "in_image";
        QTest::newRow("named user") << R"({"cmd":"run","id":1,"argv":["x"],"user":"redis"})"
                                    << "numeric";
        QTest::newRow("user -1") << R"({"cmd":"run","id":1,"argv":["x"],"user":"4294967295"})"
                                 << "numeric";
        QTest::newRow("user colon only") << R"({"cmd":"run","id":1,"argv":["x"],"user":"1:"})"
                                         << "numeric";
        QTest::newRow("user number") << R"({"cmd":"run","id":1,"argv":["x"],"user":0})"
                                     << "numeric";
        QTest::newRow("console text") << R"({"cmd":"run","id":1,"argv":["x"],"console":1})"
                                      << "console";
        QTest::newRow("hosts no id") << R"({"cmd":"hosts","lines":""})"
                                     << "needs an \"id\"";
        QTest::newRow("hosts no lines") << R"({"cmd":"hosts","id":1})"
                                        << "\"lines\"";
        QTest::newRow("hosts lines list") << R"({"cmd":"hosts","id":1,"lines":["a"]})"
                                          << "\"lines\"";
        QTest::newRow("hosts NUL") << R"({"cmd":"hosts","id":1,"lines":"a\u0000b"})"
                                   << "NUL";
        QTest::newRow("hosts too long") << QString::fromStdString("{\"cmd\":\"hosts\",\"id\":1,\"lines\":\"" +
                                                                  std::string(70000, 'a') + "\"}")
                                        << "64 KiB";
    }
    void guestRefusesMalformedRequests() {
        QFETCH(QString, line);
        QFETCH(QString, reason);
        guest::Request r = guest::parseRequest(line.toStdString());
        QVERIFY(r.kind == guest::Request::Kind::Invalid);
        QVERIFY2(r.error.find(reason.toStdString()) != std::string::npos, r.error.c_str());
        // The error event the agent answers with parses on the host.
        vmm::LineSplitter s;
        auto event = vmm::parseAgentEvent(split(s, guest::errorEvent(r.id, r.error)).at(0));
        QVERIFY(event.ok());
    }

    void hostRefusesMalformedEvents() {
        for (const char* bad :
             {"", "garbage from a confused guest", "{\"event\":", "{}", R"({"event":5})",
              R"({"event":"hello"})", R"({"event":"ready","boot_ms":1})", R"({"event":"exit","id":1})",
              R"({"event":"exit","id":-3,"code":0,"signal":0,"stdout":"","stderr":""})",
              R"({"event":"error"})"}) {
            auto e = vmm::parseAgentEvent(bad);
            QVERIFY2(!e.ok(), bad);
            QVERIFY(!e.error().message().empty());
        }
    }

    // A field of the wrong type is refused when the line is read, so nothing later (exec's
    // answer on a control-socket thread) meets it: "timed_out":"yes" once aborted juxta-vmm.
    void hostRefusesEventsWithWrongTypes() {
        const std::string exit = R"({"event":"exit","id":1,"code":0,"signal":0,"stdout":"","stderr":"")";
        QVERIFY(vmm::parseAgentEvent(exit + "}").ok());
        const struct {
            std::string line, reason;
        } cases[] = {
            {exit + R"(,"timed_out":"yes"})",
             "agent exit event: timed_out: expected true or false, found string"},
            {exit + R"(,"stdout_truncated":1})", "stdout_truncated: expected true or false"},
            {exit + R"(,"start_ms":"soon"})", "start_ms: expected an integer"},
            {exit + R"(,"maxrss_kib":-1})", "maxrss_kib: the integer -1 is out of range"},
            {exit + R"(,"meminfo":{"MemTotal":"lots"}})", "meminfo.MemTotal: expected an integer"},
            {exit + R"(,"meminfo":[1]})", "meminfo: expected an object"},
            {R"({"event":"exit","id":1,"code":1.5,"signal":0,"stdout":"","stderr":""})",
             "code: expected an integer"},
            {R"({"event":"exit","id":1,"code":0,"signal":0,"stdout":"","stderr":"","x":)" +
                 std::string(100000, '[') + std::string(100000, ']') + "}",
             "nested deeper than 64 levels"},
            {R"({"event":"ready","boot_ms":1,"ready_ms":2,"kernel":"k","cpus":-2,"mem_total_kib":1})",
             "cpus: the integer -2 is out of range"},
            {R"({"event":"error","message":"m","id":"7"})", "id: expected an integer"},
        };
        for (const auto& c : cases) {
            auto e = vmm::parseAgentEvent(c.line);
            QVERIFY2(!e.ok(), c.line.substr(0, 120).c_str());
            QCOMPARE(e.error().code(), EBADMSG);
            QVERIFY2(e.error().message().find(c.reason) != std::string::npos, e.error().message().c_str());
        }
        // A well-typed event's body holds only what was checked: exec's answer is built without a throw.
        auto e = vmm::parseAgentEvent(exit + R"(,"timed_out":true,"extra":{"deep":[[1]]}})");
        QVERIFY(e.ok());
        QVERIFY(!e->body.contains("extra"));
        const json result = vmm::execResult(e->body, 1);
        QCOMPARE(result["guest"]["timed_out"].get<bool>(), true);
        QCOMPARE(vmm::shellExitStatus(result), 0);
        QCOMPARE(vmm::shellExitStatus(json{{"exit_code", "seven"}}), 1);
    }

    void linesAreSplitAndFloodsDropped() {
        vmm::LineSplitter s(16);
        auto lines = split(s, "one\r\ntwo\n\nthree");
        QCOMPARE(lines, (std::vector<std::string>{"one", "two", ""}));
        lines = split(s, "\n" + std::string(100, 'x') + "\nok\n");
        QCOMPARE(lines, (std::vector<std::string>{"three", "ok"}));  // the 100-byte line is gone
        QCOMPARE(s.droppedLines(), uint64_t(1));
    }
};

QTEST_APPLESS_MAIN(TestAgentProtocol)
#include "test_agent_protocol.moc"
