// juxta-guest: /init of the tiny-linux initramfs (PID 1). It tells the host it is ready on its
// channel (ttyS1, or a vsock stream when the VM has that device) as early as it can — /dev/ttyS1 is
// a device node in the initramfs itself, so only /sys is mounted first, to see whether the machine
// has virtio devices (then it loads their drivers before it says ready) — mounts the usual file
// systems, starts a shell on the console (unless juxta.shell=0) and serves the host's requests
// (see ../README.md for the protocol).
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "guest/agent/agent.h"
#include "guest/agent/system.h"

int main() {
    using namespace juxta::guest;
    const int64_t bootMs = bootTimeMs();
    int tty = openRawTty("/dev/ttyS1");
    if (tty < 0)
        std::fprintf(stderr, "juxta-guest: /dev/ttyS1: %s (no agent channel)\n", std::strerror(errno));
    int channel = tty;
    ReadyInfo info = guestFacts(bootMs);
    auto ready = [&] {
        info.readyMs = bootTimeMs();
        if (channel >= 0) writeLine(channel, readyEvent(info));
    };
    // Without devices the agent is ready before any mount but /sys; with them, once their drivers
    // are loaded (the host's first command may read a disk) — and its channel is the vsock stream
    // when the machine has that device (ttyS1 stays open: the fallback should the stream fail).
    mountSysfs();
    const bool devices = hasVirtioDevices();
    if (!devices) ready();
    ::sethostname("tiny-linux", 10);
    int64_t since = bootTimeMs();
    auto step = [&](const char* name) {
        const int64_t now = bootTimeMs();
        info.steps.emplace_back(name, now - since);
        since = now;
    };
    mountFileSystems();
    step("mounts");
    if (devices) {
        info.modules = loadDeviceModules();
        step("modules");
        const int stream = connectHostVsock(kAgentVsockPort);
        const int connectErrno = errno;
        step("vsock");
        if (stream >= 0)
            channel = stream;
        else if (connectErrno != EAFNOSUPPORT)
            std::fprintf(stderr, "juxta-guest: vsock port %u: %s (the agent stays on ttyS1)\n",
                         kAgentVsockPort, std::strerror(connectErrno));
        info.network = configureNetwork();
        step("network");
        info.image = prepareImageRoot();
        step("image");
        ready();
    }
    Agent(channel, "/dev/ttyS0", wantsConsoleShell(), channel != tty ? tty : -1).run();
}
