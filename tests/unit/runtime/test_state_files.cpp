// The lifecycle's files (container and VM state and definitions) as a hostile hand may leave
// them: a wrong type, a deep nest or a huge file is refused whole — never half-read, never an
// exception.
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "instances/definition_store.h"
#include "instances/state_record.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/prune.h"
#include "runtime/lifecycle/state.h"
#include "runtime/network.h"
#include "support/image_builder.h"
#include "support/scratch_state.h"
#include "vmm/lifecycle/vm_counters.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_state.h"

using namespace juxta;
namespace fs = std::filesystem;

namespace {

// The pid of a process that has ended and been reaped.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

}  // namespace

class TestStateFiles : public QObject {
    Q_OBJECT
    testing::ScratchState state_;

  private slots:
    void initTestCase() {
        QVERIFY(state_.isValid());
        state_.useHere();
    }
    void containerStateReadsWhole() {
        runtime::ContainerState s;
        s.state = InstanceState::Exited;
        s.pid = 42;
        s.exit = runtime::ExitStatus{3, 0, false};
        QVERIFY(runtime::saveState("good", s).ok());
        const runtime::ContainerState back = runtime::loadState("good");
        QVERIFY(back.state == InstanceState::Exited);
        QCOMPARE(back.pid, 42);
        QCOMPARE(back.exit->code, 3);
    }
    void containerStateWithOneWrongFieldIsRefusedWhole() {
        // "pid" is fine, "exit.code" is not: nothing of the file may be taken.
        testing::writeFile(runtime::stateDirOf("typed") / "state.json",
                           R"({"state":"exited","pid":42,"address":"10.0.0.2","exit":{"code":"three"}})");
        runtime::ContainerState s = runtime::loadState("typed");
        QVERIFY(s.state == InstanceState::Created);
        QCOMPARE(s.pid, 0);
        QVERIFY(s.address.empty());
        QVERIFY(!s.exit);
        // A pid past pid_t's range is a wrong field too, not a wrapped number.
        testing::writeFile(runtime::stateDirOf("wide") / "state.json",
                           R"({"state":"exited","pid":4294967338})");
        QCOMPARE(runtime::loadState("wide").pid, 0);
    }
    void deepOrHugeStateFilesAreRefused() {
        testing::writeFile(runtime::stateDirOf("deep") / "state.json",
                           "{\"state\":\"exited\",\"pid\":9,\"timeline\":" + std::string(100000, '[') +
                               std::string(100000, ']') + "}");
        QCOMPARE(runtime::loadState("deep").pid, 0);
        testing::writeFile(
            vmm::vmStateDirOf("huge") / "state.json",
            "{\"state\":\"exited\",\"pid\":9,\"stop_reason\":\"" + std::string(2 << 20, 'x') + "\"}");
        QCOMPARE(vmm::loadVmState("huge").pid, 0);
    }
    void vmStateWithAWrongTypeIsRefusedWhole() {
        testing::writeFile(vmm::vmStateDirOf("vm1") / "state.json",
                           R"({"state":"exited","pid":7,"exit_status":"0"})");
        const vmm::VmState s = vmm::loadVmState("vm1");
        QVERIFY(s.state == InstanceState::Created);
        QCOMPARE(s.pid, 0);
    }
    void anUnknownStateIsRefusedWhole() {
        testing::writeFile(runtime::stateDirOf("odd") / "state.json", R"({"state":"zombie","pid":42})");
        const runtime::ContainerState s = runtime::loadState("odd");
        QVERIFY(s.state == InstanceState::Created);
        QCOMPARE(s.pid, 0);
    }
    // One record for both kinds: a running one whose monitor is gone has crashed, whatever it runs.
    void aRunningRecordWithoutItsMonitorHasCrashed() {
        const pid_t gone = deadPid();
        runtime::ContainerState c;
        c.state = InstanceState::Running;
        c.monitorPid = gone;
        c.exit = runtime::ExitStatus{0, 0, false};
        QVERIFY(runtime::saveState("lost", c).ok());
        const runtime::ContainerState container = runtime::loadState("lost");
        QVERIFY(container.state == InstanceState::Crashed);
        QVERIFY(!container.exit);
        vmm::VmState v;
        v.state = InstanceState::Running;
        v.monitorPid = gone;
        QVERIFY(vmm::saveVmState("lost", v).ok());
        const vmm::VmState vm = vmm::loadVmState("lost");
        QVERIFY(vm.state == InstanceState::Crashed);
        QVERIFY2(vm.stopReason.find("monitor") != std::string::npos, vm.stopReason.c_str());
        // The same record with a live monitor and the paused marker reads as paused.
        v.monitorPid = ::getpid();
        QVERIFY(vmm::saveVmState("lost", v).ok());
        testing::writeFile(instances::pausedMarkerOf(InstanceKind::Vm, "lost"), "");
        QVERIFY(vmm::loadVmState("lost").state == InstanceState::Paused);
        // A prune that found the monitor gone writes it as crashed for good, ended now.
        instances::StateRecord r = vmm::loadVmState("lost");
        QVERIFY(instances::markMonitorLost(InstanceKind::Vm, "lost", r));
        QVERIFY(r.state == InstanceState::Crashed && r.finishedAtMs > 0);
        QVERIFY(!fs::exists(instances::pausedMarkerOf(InstanceKind::Vm, "lost")));
        QVERIFY(!instances::markMonitorLost(InstanceKind::Vm, "lost", r));  // ended already
    }
    void theStoreResolvesIdsNamesAndPrefixes() {
        const std::vector<instances::NamedId> all = {{"1a2b3c4d5e6f", "web"}, {"1a2bffffffff", "db"}};
        QCOMPARE(*instances::resolve(InstanceKind::Vm, "web", all, "juxtactl vm ps"),
                 std::string("1a2b3c4d5e6f"));
        QCOMPARE(*instances::resolve(InstanceKind::Vm, "1a2bf", all, "juxtactl vm ps"),
                 std::string("1a2bffffffff"));
        const auto ambiguous = instances::resolve(InstanceKind::Container, "1a2b", all, "juxtactl ps -a");
        QCOMPARE(ambiguous.error().code(), EINVAL);
        const auto none = instances::resolve(InstanceKind::Vm, "cache", all, "juxtactl vm ps");
        QCOMPARE(none.error().code(), ENOENT);
        QCOMPARE(QString::fromStdString(none.error().message()),
                 QString("no VM 'cache' — `juxtactl vm ps` lists them"));
        QVERIFY(
            !instances::resolve(InstanceKind::Vm, "1a2", all, "juxtactl vm ps").ok());  // too short a prefix
    }
    void hostileIdsAndNamesGetNothing() {
        for (const char* id : {"../escape", ".hidden", "", "a/b"}) {
            QVERIFY2(!instances::saveDefinition(InstanceKind::Container, id, "{}").ok(), id);
            QCOMPARE(instances::loadDefinition(InstanceKind::Vm, id).error().code(), ENOENT);
            QVERIFY(!instances::isDefined(InstanceKind::Vm, id));
        }
        QVERIFY(!fs::exists(state_.root() / "escape"));
        QVERIFY(!fs::exists(state_.dataDir() / "escape"));
        for (const std::string& name :
             std::vector<std::string>{"", "-rf", ".x", std::string(65, 'a'), "a b", "ü"})
            QVERIFY2(!instances::isValidName(name), name.c_str());
        QVERIFY(instances::isValidName("web-1_a.b"));
        QCOMPARE(instances::newId().size(), std::size_t(12));
        QVERIFY(instances::newId() != instances::newId());
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
        QVERIFY(!vmm::vmDefinitionFromJson(R"({"id":"v","disks":[{"file":7}]})").ok());
        QVERIFY(!vmm::vmDefinitionFromJson(R"({"id":"v","disks":{"file":"/d"}})").ok());
    }

    // Labels go into both kinds' definitions and come back; a definition file whose labels break
    // the rules (core/labels.h) is refused as a whole.
    void labelsAreKeptAndChecked() {
        runtime::InstanceDefinition c;
        c.spec.id = "abc";
        c.spec.mountBase = "/m";
        c.spec.args = {"sh"};
        c.spec.layers = {"/l"};
        c.spec.labels = {{"com.example.tier", "front"}, {std::string(kComposeProjectLabel), "shop"}};
        auto back = runtime::definitionFromJson(runtime::toJson(c));
        QVERIFY2(back, back ? "" : back.error().message().c_str());
        QCOMPARE(back->spec.labels, c.spec.labels);
        vmm::VmDefinition v;
        v.id = v.name = "v";
        v.image = vmm::kTinyLinux;
        v.labels = {{std::string(kComposeServiceLabel), "db"}};
        auto vmBack = vmm::vmDefinitionFromJson(vmm::toJson(v));
        QVERIFY2(vmBack, vmBack ? "" : vmBack.error().message().c_str());
        QCOMPARE(vmBack->labels, v.labels);
        // A compose service's VM keeps its stop signal (the image's StopSignal, stop_signal).
        v.service = vmm::VmService{};
        v.service->argv = {"mariadbd"};
        v.service->stopSignal = 3;
        vmBack = vmm::vmDefinitionFromJson(vmm::toJson(v));
        QVERIFY2(vmBack && vmBack->service, vmBack ? "no service" : vmBack.error().message().c_str());
        QCOMPARE(vmBack->service->stopSignal, 3);
        QCOMPARE(vmm::vmDefinitionFromJson(R"({"id":"v","service":{"argv":["x"]}})")->service->stopSignal,
                 15);
        QVERIFY(!vmm::vmDefinitionFromJson(R"({"id":"v","service":{"argv":["x"],"stop_signal":0}})"));
        QVERIFY(!vmm::vmDefinitionFromJson(R"({"id":"v","service":{"argv":["x"],"stop_signal":99}})"));
        for (const char* bad : {R"("labels":{"a b":"c"})", R"("labels":{"k":7})", R"("labels":["k=v"])",
                                R"("labels":{"k":"line
break"})"}) {
            const std::string json =
                std::string(R"({"id":"abc","mount_base":"/m","layers":[],"args":["sh"],)") + bad + "}";
            QVERIFY2(!runtime::definitionFromJson(json), bad);
            QVERIFY2(!vmm::vmDefinitionFromJson(std::string(R"({"id":"v",)") + bad + "}"), bad);
        }
    }

    void aVmsDiskCountersAreItsDiskIo() {
        const auto stats = nlohmann::json::parse(
            R"({"vmm_cpu_ms":1500,"vmm_rss_bytes":1000,"exits":{"io":3,"mmio":4},"devices":[
                {"kind":"block","slot":0,"read_bytes":4096,"write_bytes":0},
                {"kind":"block","slot":1,"read_bytes":512,"write_bytes":1024},
                {"kind":"net","slot":2,"read_bytes":99,"rx_bytes":1500,"tx_bytes":60},
                {"kind":"block","slot":3,"read_bytes":"lots","write_bytes":-5}, 7]})");
        const ResourceCounters c = vmm::vmCounters(stats, 123, 256);
        QCOMPARE(c.diskReadBytes, uint64_t(4608));
        QCOMPARE(c.diskWriteBytes, uint64_t(1024));
        QCOMPARE(c.netRxBytes, uint64_t(1500));
        QCOMPARE(c.netTxBytes, uint64_t(60));
        QCOMPARE(c.vmExits, uint64_t(7));
        QCOMPARE(c.cpuNs, int64_t(1500000000));
        QCOMPARE(
            vmm::vmCounters(nlohmann::json::parse(R"({"devices":{"kind":"block"}})"), 0, 1).diskReadBytes,
            uint64_t(0));
    }

    // One address pool for containers and bridged VMs: a prune gives back the lease of an id that
    // is neither (its holder was removed while nothing tidied), never a VM's.
    void pruneKeepsTheLeasesOfVms() {
        vmm::VmDefinition vm;
        vm.id = vm.name = "vmwithlease1";
        vm.image = vmm::kTinyLinux;
        vm.network = "bridge";
        QVERIFY(vmm::saveVmDefinition(vm).ok());
        auto kept = runtime::leaseAddress(vm.id);
        auto orphan = runtime::leaseAddress("nobodyanymore");
        QVERIFY(kept.ok() && orphan.ok());
        const runtime::PruneReport report = runtime::pruneOrphans(true);
        QVERIFY(runtime::leasedAddress(vm.id).has_value());
        QCOMPARE(runtime::leasedAddress(vm.id)->toString(), kept->toString());
        QVERIFY(!runtime::leasedAddress("nobodyanymore").has_value());
        QVERIFY(std::find(report.leases.begin(), report.leases.end(), vm.id) == report.leases.end());
        runtime::releaseAddress(vm.id);
    }

    // The agent talks over vsock where the guest loads drivers anyway, else on ttyS1 (ready sooner).
    void theAgentIsOnVsockWhereTheVmHasDevices() {
        vmm::VmDefinition d;
        d.image = vmm::kTinyLinux;
        QVERIFY(!vmm::agentOverVsock(d));
        d.network = "bridge";
        QVERIFY(vmm::agentOverVsock(d));
        d.network = "none";
        d.disks = {{"/srv/a.raw", true}};
        QVERIFY(vmm::agentOverVsock(d));
        d.disks.clear();
        d.image = "busybox:latest";
        QVERIFY(vmm::agentOverVsock(d));
    }

    void vmDisksAreKeptAndCheckedBeforeAnyStart() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        testing::writeFile(root / "a.raw", std::string(4096, '\0'));
        testing::writeFile(root / "odd.raw", std::string(1000, '\0'));
        fs::create_directory(root / "dir");
        vmm::VmDefinition d;
        d.id = d.name = "v";
        d.image = vmm::kTinyLinux;
        d.disks = {{(root / "a.raw").string(), false}};
        auto back = vmm::vmDefinitionFromJson(vmm::toJson(d));
        QVERIFY(back.ok());
        QCOMPARE(back->disks.size(), std::size_t(1));
        QCOMPARE(back->disks[0].file, (root / "a.raw").string());
        QVERIFY(!back->disks[0].readOnly);
        QVERIFY2(vmm::validate(d).ok(),
                 vmm::validate(d).ok() ? "" : vmm::validate(d).error().message().c_str());
        const auto refused = [&](std::vector<vmm::DiskConfig> disks, const char* why) {
            d.disks = std::move(disks);
            const Status s = vmm::validate(d);
            QVERIFY2(!s.ok(), why);
            QVERIFY2(QString::fromStdString(s.error().message()).contains(why), s.error().message().c_str());
        };
        refused({{(root / "none.raw").string(), true}}, "no such file");
        refused({{(root / "dir").string(), true}}, "a directory");
        refused({{(root / "odd.raw").string(), true}}, "whole number of 512-byte sectors");
        refused({{(root / "a.raw").string(), true}, {(root / "." / "a.raw").string(), false}}, "given twice");
        // 16 virtio slots, one of them the agent's vsock device.
        refused(std::vector<vmm::DiskConfig>(16, {(root / "a.raw").string(), true}), "at most 15");
    }

    // --root names one of a tiny-linux VM's disks as the guest does, a partition of it or the whole
    // disk; anything else (another device node of the guest's, a disk it does not have, an image
    // VM's) is refused before any start, and the definition keeps it.
    void aRootDiskIsOneOfTheVmsDisks() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        testing::writeFile(root / "a.raw", std::string(4096, '\0'));
        testing::writeFile(root / "b.raw", std::string(4096, '\0'));
        vmm::VmDefinition d;
        d.id = d.name = "v";
        d.image = vmm::kTinyLinux;
        d.disks = {{(root / "a.raw").string(), false}, {(root / "b.raw").string(), true}};
        for (const char* ok : {"/dev/vda", "/dev/vda1", "/dev/vdb", "/dev/vdb15", "/dev/vda99"}) {
            d.root = ok;
            const Status s = vmm::validate(d);
            QVERIFY2(s.ok(), s.ok() ? ok : s.error().message().c_str());
        }
        QVERIFY(vmm::runsInMountedRoot(d));
        auto back = vmm::vmDefinitionFromJson(vmm::toJson(d));
        QVERIFY(back.ok());
        QCOMPARE(back->root, std::string("/dev/vda99"));
        for (const auto& [bad, why] : std::vector<std::pair<const char*, const char*>>{
                 {"/dev/vdc1", "the VM has 2 disks"},
                 {"/dev/sda1", "give one of the VM's disks"},
                 {"/dev/vda0", "give one of the VM's disks"},
                 {"/dev/vda100", "give one of the VM's disks"},
                 {"/dev/vda1/../../mem", "give one of the VM's disks"},
                 {"/dev/vd", "give one of the VM's disks"},
                 {"/dev/vdA1", "give one of the VM's disks"},
                 {"vda1", "give one of the VM's disks"},
                 {"/dev/vda1 juxta.image=3", "give one of the VM's disks"}}) {
            d.root = bad;
            const Status s = vmm::validate(d);
            QVERIFY2(!s.ok(), bad);
            QVERIFY2(QString::fromStdString(s.error().message()).contains(why), s.error().message().c_str());
        }
        d.root = "/dev/vda1";
        d.image = "busybox";
        QVERIFY(!vmm::checkRootDevice(d).ok());  // an image VM's root is its image
        d.image.clear();
        d.kernel = "/boot/vmlinuz";
        QVERIFY(!vmm::checkRootDevice(d).ok());  // a kernel of the user's: no agent to mount it
    }
};

QTEST_GUILESS_MAIN(TestStateFiles)
#include "test_state_files.moc"
