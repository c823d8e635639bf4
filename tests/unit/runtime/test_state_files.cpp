// The lifecycle's files (container and VM state and definitions) as a hostile hand may leave
// them: a wrong type, a deep nest or a huge file is refused whole — never half-read, never an
// exception.
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/state.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_state.h"

using namespace juxta;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

}  // namespace

class TestStateFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("JUXTA_RUNTIME_DIR", QFile::encodeName(dir_.filePath("run")));
        qputenv("JUXTA_DATA_DIR", QFile::encodeName(dir_.filePath("data")));
        qputenv("JUXTA_STATE_DIR", QFile::encodeName(dir_.filePath("log")));
    }
    void containerStateReadsWhole() {
        runtime::InstanceState s;
        s.state = runtime::RunState::Exited;
        s.pid = 42;
        s.exit = runtime::ExitStatus{3, 0, false};
        QVERIFY(runtime::saveState("good", s).ok());
        const runtime::InstanceState back = runtime::loadState("good");
        QVERIFY(back.state == runtime::RunState::Exited);
        QCOMPARE(back.pid, 42);
        QCOMPARE(back.exit->code, 3);
    }
    void containerStateWithOneWrongFieldIsRefusedWhole() {
        // "pid" is fine, "exit.code" is not: nothing of the file may be taken.
        write(runtime::stateDirOf("typed") / "state.json",
              R"({"state":"exited","pid":42,"address":"10.0.0.2","exit":{"code":"three"}})");
        runtime::InstanceState s = runtime::loadState("typed");
        QVERIFY(s.state == runtime::RunState::Created);
        QCOMPARE(s.pid, 0);
        QVERIFY(s.address.empty());
        QVERIFY(!s.exit);
        // A pid past pid_t's range is a wrong field too, not a wrapped number.
        write(runtime::stateDirOf("wide") / "state.json", R"({"state":"exited","pid":4294967338})");
        QCOMPARE(runtime::loadState("wide").pid, 0);
    }
    void deepOrHugeStateFilesAreRefused() {
        write(runtime::stateDirOf("deep") / "state.json",
              "{\"state\":\"exited\",\"pid\":9,\"timeline\":" + std::string(100000, '[') +
                  std::string(100000, ']') + "}");
        QCOMPARE(runtime::loadState("deep").pid, 0);
        write(vmm::vmStateDirOf("huge") / "state.json",
              "{\"state\":\"exited\",\"vmm_pid\":9,\"stop_reason\":\"" + std::string(2 << 20, 'x') + "\"}");
        QCOMPARE(vmm::loadVmState("huge").vmmPid, 0);
    }
    void vmStateWithAWrongTypeIsRefusedWhole() {
        write(vmm::vmStateDirOf("vm1") / "state.json", R"({"state":"exited","vmm_pid":7,"exit_status":"0"})");
        const vmm::VmState s = vmm::loadVmState("vm1");
        QVERIFY(s.state == vmm::VmRunState::Created);
        QCOMPARE(s.vmmPid, 0);
    }
    void definitionsWithWrongTypesAreErrors() {
        auto d = runtime::definitionFromJson(
            R"({"id":"abc","mount_base":"/m","layers":[],"args":["sh"],"uid":4294967296})");
        QVERIFY(!d.ok());
        QVERIFY2(QString::fromStdString(d.error().message())
                     .contains("uid: the integer 4294967296 is out of range"),
                 d.error().message().c_str());
        auto ports = runtime::definitionFromJson(
            R"({"id":"abc","mount_base":"/m","layers":[],"args":["sh"],"ports":[{"host_port":70000,"container_port":80}]})");
        QVERIFY(!ports.ok());
        auto rlimits = runtime::definitionFromJson(
            R"({"id":"abc","mount_base":"/m","layers":[],"args":["sh"],"rlimits":[[7,1]]})");
        QVERIFY(!rlimits.ok());
        auto vm = vmm::vmDefinitionFromJson(R"({"id":"v","vcpus":"2"})");
        QVERIFY(!vm.ok());
        QCOMPARE(QString::fromStdString(vm.error().message()),
                 QString("VM definition: vcpus: expected an integer, found string"));
        QVERIFY(vmm::vmDefinitionFromJson(R"({"id":"v","vcpus":2})").ok());
    }
};

QTEST_GUILESS_MAIN(TestStateFiles)
#include "test_state_files.moc"
