// virtio-net's device model on a real tap, without KVM: it attaches only to a tap that exists (and
// was made to last), tells the driver its MAC, and gives its device thread no descriptor to wait
// on until a driver has set the card up — a frame on the bridge must not keep that thread
// spinning while nobody takes it. Root: it makes a tap.
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <QTest>
#include <cstring>

#include "core/unique_fd.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/net.h"

using namespace juxta;
using namespace juxta::vmm;
using namespace juxta::vmm::virtio;

namespace {

// A persistent tap named `name` (persist false: removes it).
bool tap(const std::string& name, bool persist) {
    UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_CLOEXEC));
    if (!fd) return false;
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    return ::ioctl(fd.get(), TUNSETIFF, &ifr) == 0 && ::ioctl(fd.get(), TUNSETPERSIST, persist ? 1 : 0) == 0;
}

}  // namespace

class TestVirtioNet : public QObject {
    Q_OBJECT
    std::string name_ = "jxtest" + std::to_string(::getpid() % 100000);

  private slots:
    void initTestCase() {
        if (::geteuid() != 0 || ::access("/dev/net/tun", R_OK | W_OK) != 0)
            QSKIP("needs root and /dev/net/tun (it makes a tap)");
        QVERIFY(tap(name_, true));
    }
    void cleanupTestCase() { tap(name_, false); }

    void aCardOnATap() {
        auto memory = GuestMemory::create({{GuestAddress(0), 1 << 20}});
        QVERIFY(memory.ok());
        const auto mac = NetDevice::macFor(name_);
        QCOMPARE(mac, NetDevice::macFor(name_));
        QVERIFY(mac[0] == 0x02);  // locally administered, unicast
        auto card = NetDevice::open(*memory, name_, mac);
        QVERIFY2(card.ok(), card.ok() ? "" : card.error().message().c_str());
        MmioTransport transport(*memory, *card, [] {});
        uint8_t config[6] = {};
        transport.read(0x100, config);
        QVERIFY(std::memcmp(config, mac.data(), 6) == 0);
        QCOMPARE(transport.pollFd(), -1);  // no driver yet: nothing to wait on
        // A second card on the same tap: the kernel says busy, and so does the error.
        auto second = NetDevice::open(*memory, name_, mac);
        QVERIFY(!second.ok());
    }

    void aMissingTapIsRefusedNotMade() {
        auto memory = GuestMemory::create({{GuestAddress(0), 1 << 20}});
        QVERIFY(memory.ok());
        const std::string missing = name_ + "x";
        auto card = NetDevice::open(*memory, missing, NetDevice::macFor(missing));
        QVERIFY(!card.ok());
        QCOMPARE(card.error().code(), ENODEV);
        QVERIFY(::access(("/sys/class/net/" + missing).c_str(), F_OK) != 0);  // not made
        QVERIFY(!NetDevice::open(*memory, "a/b", NetDevice::macFor("x")).ok());
        QVERIFY(!NetDevice::open(*memory, std::string(20, 'n'), NetDevice::macFor("x")).ok());
    }
};

QTEST_GUILESS_MAIN(TestVirtioNet)
#include "test_virtio_net.moc"
