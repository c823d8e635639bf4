// The VMM's agent channel against a scripted guest on the other side of a real 8250 model: the
// guest reads requests from the UART's receive FIFO and answers through its transmit register
// (as the agent does on ttyS1), with events built by the agent's own protocol code.
#include <QtTest>
#include <atomic>
#include <thread>

#include "guest/agent/protocol.h"
#include "vmm/agent/agent_channel.h"
#include "vmm/boot_timeline.h"
#include "vmm/devices/legacy/serial8250.h"

using namespace juxta::vmm;
using nlohmann::json;
namespace guest = juxta::guest;

namespace {

// Plays the guest: answers "run" requests for /bin/true (code 0) and "sh -c 'exit 7'" (7), an
// error for anything else, and stays silent for "sleep".
class ScriptedGuest {
  public:
    explicit ScriptedGuest(std::shared_ptr<Serial8250> uart) : uart_(std::move(uart)) {
        thread_ = std::thread([this] { loop(); });
    }
    ~ScriptedGuest() {
        stop_ = true;
        thread_.join();
    }
    void write(const std::string& bytes) {
        std::scoped_lock lock(uart_->mutex());  // as a vCPU does: the bus holds the device's lock
        for (char c : bytes) uart_->writeRegister(uart::kData, uint8_t(c));
    }

  private:
    void loop() {
        std::string line;
        while (!stop_) {
            int byte = -1;
            {
                std::scoped_lock lock(uart_->mutex());
                if (uart_->readRegister(uart::kLsr) & uart::kLsrDataReady)
                    byte = uart_->readRegister(uart::kData);
            }
            if (byte < 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                continue;
            }
            if (byte != '\n') {
                line.push_back(char(byte));
                continue;
            }
            answer(guest::parseRequest(line));
            line.clear();
        }
    }
    void answer(const guest::Request& r) {
        if (r.kind != guest::Request::Kind::Run) return;
        const auto& argv = r.run.argv;
        if (argv[0] == "sleep") return;
        if (argv[0] != "/bin/true" && argv[0] != "sh") {
            write(guest::errorEvent(int64_t(r.run.id), "command " + argv[0] + ": No such file or directory"));
            return;
        }
        guest::RunResult result;
        result.id = r.run.id;
        result.code = argv[0] == "sh" ? 7 : 0;
        result.out.bytes = "out " + argv[0];
        result.meminfo = {{"MemTotal", 1000}};
        write(guest::exitEvent(result));
    }

    std::shared_ptr<Serial8250> uart_;
    std::atomic<bool> stop_ = false;
    std::thread thread_;
};

}  // namespace

class TestAgentChannel : public QObject {
    Q_OBJECT
  private slots:
    void execRoundTripsThroughTheUart() {
        BootTimeline timeline;
        AgentChannel channel(-1, &timeline);
        auto uart = std::make_shared<Serial8250>(nullptr, [&channel](uint8_t b) { channel.put(b); });
        channel.attach(uart);
        ScriptedGuest guestSide(uart);

        ExecRequest request;
        request.argv = {"/bin/true"};
        auto early = channel.exec(request);
        QVERIFY(!early.ok());
        QVERIFY(early.error().message().find("not ready") != std::string::npos);
        QVERIFY(!channel.waitReady(10));

        guestSide.write("garbage before the agent starts\n{\"event\":\"nonsense\"}\n");
        guestSide.write(guest::readyEvent({100, 105, "6.1.0-test", 2, 250000, 0, "", "", {}}));
        QVERIFY(channel.waitReady(5000));
        QCOMPARE(channel.state()["guest"]["cpus"].get<int>(), 2);
        QVERIFY(timeline.has("agent_ready"));

        auto ok = channel.exec(request);
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().message().c_str());
        QCOMPARE((*ok)["exit_code"].get<int>(), 0);
        QCOMPARE((*ok)["stdout"].get<std::string>(), std::string("out /bin/true"));
        QCOMPARE((*ok)["guest"]["meminfo"]["MemTotal"].get<int>(), 1000);
        QVERIFY(timeline.has("workload_start") && timeline.has("workload_end"));

        request.argv = {"sh", "-c", "exit 7 with an argument long enough to need several FIFO refills"};
        auto seven = channel.exec(request);
        QVERIFY(seven.ok());
        QCOMPARE(shellExitStatus(*seven), 7);

        request.argv = {"/no/such/command"};
        auto missing = channel.exec(request);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message().find("No such file") != std::string::npos);

        // A command that never ends: the VM ending answers the waiting exec.
        request.argv = {"sleep"};
        std::thread ender([&channel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            channel.close("the VM ended (power-off)");
        });
        auto hung = channel.exec(request);
        ender.join();
        QVERIFY(!hung.ok());
        QVERIFY(hung.error().message().find("VM ended") != std::string::npos);
    }

    // The ready event's steps (where the guest's start went) are kept only as plain names to
    // non-negative integers: they are the guest's words, shown by the host.
    void readyStepsAreKeptOnlyWhenPlain() {
        const auto stepsKept = [](const std::string& steps) {
            AgentChannel channel(-1, nullptr);
            auto uart = std::make_shared<Serial8250>(nullptr, [&channel](uint8_t b) { channel.put(b); });
            channel.attach(uart);
            ScriptedGuest guestSide(uart);
            guestSide.write(R"({"event":"ready","boot_ms":1,"ready_ms":2,"kernel":"k","cpus":1,)"
                            R"("mem_total_kib":1,"modules":3,"steps":)" +
                            steps + "}\n");
            if (!channel.waitReady(5000)) return json("not ready");  // fails each check below
            return channel.state()["guest"].value("steps", json());
        };
        const json kept = stepsKept(R"({"mounts_ms":4,"modules_ms":120})");
        QCOMPARE(kept.value("modules_ms", -1), 120);
        QVERIFY(stepsKept(R"({"modules_ms":"120"})").is_null());
        QVERIFY(stepsKept(R"({"modules ms":1})").is_null());
        QVERIFY(stepsKept(R"({"modules_ms":-1})").is_null());
        QVERIFY(stepsKept(R"([1,2])").is_null());
        std::string many = "{";
        for (int i = 0; i < 17; ++i) many += (i ? "," : "") + std::string("\"s") + std::to_string(i) + "\":1";
        QVERIFY(stepsKept(many + "}").is_null());
    }

    // With a vsock stream beside ttyS1: requests go where the agent's last line came from, whole;
    // a stream that ends fails the exec waiting on it instead of leaving it to the VM's end; the
    // agent back on ttyS1 (its "channel" line there) gets the requests there again.
    void requestsFollowTheAgentBetweenStreamAndUart() {
        AgentChannel channel(-1, nullptr);
        std::atomic<bool> connected = true;
        std::atomic<int> onStream = 0;
        std::string partial;  // the stream's guest side: lines as they come
        channel.attachStream([&](std::span<const uint8_t> bytes) {
            if (!connected) return false;
            partial.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            for (std::size_t nl; (nl = partial.find('\n')) != std::string::npos;) {
                const guest::Request r = guest::parseRequest(partial.substr(0, nl));
                partial.erase(0, nl + 1);
                ++onStream;
                if (r.kind != guest::Request::Kind::Run || r.run.argv[0] == "sleep") continue;
                guest::RunResult result;
                result.id = r.run.id;
                result.out.bytes = "over vsock";
                const std::string line = guest::exitEvent(result);
                channel.putStream(std::span(reinterpret_cast<const uint8_t*>(line.data()), line.size()));
            }
            return true;
        });
        auto uart = std::make_shared<Serial8250>(nullptr, [&channel](uint8_t b) { channel.put(b); });
        channel.attach(uart);
        const std::string ready = guest::readyEvent({100, 105, "6.1.0-test", 1, 250000, 3, "", "", {}});
        channel.putStream(std::span(reinterpret_cast<const uint8_t*>(ready.data()), ready.size()));
        QVERIFY(channel.waitReady(5000));
        QCOMPARE(channel.state()["guest"]["channel"].get<std::string>(), std::string("vsock"));

        ExecRequest request;
        request.argv = {"/bin/true"};
        auto ok = channel.exec(request);
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().message().c_str());
        QCOMPARE((*ok)["stdout"].get<std::string>(), std::string("over vsock"));
        QCOMPARE(onStream.load(), 1);
        {
            std::scoped_lock lock(uart->mutex());
            QVERIFY(!(uart->readRegister(uart::kLsr) & uart::kLsrDataReady));  // nothing on ttyS1
        }

        // The stream's connection ends while a command runs: its exec fails at once.
        request.argv = {"sleep"};
        std::thread reset([&] {
            while (onStream < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // it is running
            connected = false;
            channel.streamLost();
        });
        auto lost = channel.exec(request);
        reset.join();
        QVERIFY(!lost.ok());
        QCOMPARE(lost.error().code(), ECONNRESET);

        // The agent is back on ttyS1: it says so there, and gets the next request there.
        ScriptedGuest guestSide(uart);
        guestSide.write(guest::channelEvent("ttyS1"));
        request.argv = {"/bin/true"};
        const int before = onStream;
        auto back = channel.exec(request);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message().c_str());
        QCOMPARE((*back)["stdout"].get<std::string>(), std::string("out /bin/true"));
        QCOMPARE(onStream.load(), before);
        channel.close("done");
    }
};

QTEST_APPLESS_MAIN(TestAgentChannel)
#include "test_agent_channel.moc"
