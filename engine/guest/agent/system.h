#pragma once
// What juxta-guest does as PID 1 before it serves requests: the early clock, the agent's tty in
// raw mode, the file systems every command expects, the guest's facts for the ready event, and
// the final power-off.
#include <cstdint>
#include <map>
#include <string>

#include "guest/agent/protocol.h"

namespace juxta::guest {

int64_t bootTimeMs();  // CLOCK_BOOTTIME (counts from the kernel's start), in ms

// Opens a serial port read/write in raw mode (no echo, no line editing, no CR/LF rewriting);
// -1 on failure (errno set).
int openRawTty(const char* path);

// A stream socket connected to the host (CID 2) on `port` over virtio-vsock, from a reserved port
// of the guest's (below 1024: the host takes the agent's channel from no other): -1 when the guest
// has no vsock (no device, no driver) or nobody answers there (errno set).
int connectHostVsock(uint32_t port);

// Writes all of `line`; false when the fd fails (the host side is gone: nothing else can be told).
bool writeLine(int fd, const std::string& line);

// /sys first, alone: whether the machine has virtio devices decides when the agent says ready.
void mountSysfs();
// Whether the DSDT declared a virtio-mmio device (LNRO0005); needs /sys.
bool hasVirtioDevices();
// /proc, /dev (devtmpfs, devpts, shm), /tmp, /run. Failures are printed, not fatal: the agent
// must still answer on ttyS1.
void mountFileSystems();
// Loads the device drivers the initramfs carries (/lib/modules/juxta/order, one file name a line,
// each after the modules it needs): the virtio-mmio transport, then the drivers of the devices it
// found (block, network, socket) and overlayfs for an image VM; failures are printed. Returns how
// many are loaded.
uint32_t loadDeviceModules();

// The network: lo up, and with juxta.ip=ADDRESS/PREFIX [juxta.gw=GATEWAY] on the kernel's command
// line eth0 up with that address and route (busybox's ip). "" without an address, "ok", or what failed.
std::string configureNetwork();

// An image VM (juxta.image=LAYERS on the kernel's command line): vda's /layers/0..LAYERS-1 and the
// writable vdb joined by overlayfs at kImageRoot; or a root disk of the user's (juxta.root=/dev/vdXN,
// ":ro" after it where the disk is read-only: `juxtactl vm run --root`), its ext4 mounted there.
// Then /proc, /sys, /dev, the host name (juxta.hostname=) and /etc/hosts in it (not on a read-only
// root disk: its own are kept). "" without either, "ok", or what failed.
std::string prepareImageRoot();

// An image VM's /etc/hosts: the lines it got at boot (localhost, its host name) and then `lines`,
// written in place — never emptied first, so a command looking a name up meanwhile finds every line
// it found before. "" when written, else what failed (no image root, no such file to be made).
std::string writeImageHosts(const std::string& lines);

// Whether the console gets a login shell: not with juxta.shell=0 on the kernel's command line (a
// compose service's VM, whose console is the service's output — its log, as a container's).
bool wantsConsoleShell();

// Kernel release, online CPUs, MemTotal — without /proc or /sys, so it works before any mount.
ReadyInfo guestFacts(int64_t bootMs);

// /proc/meminfo's main fields (MemTotal, MemFree, MemAvailable, Buffers, Cached, Shmem, AnonPages,
// Slab, PageTables) as key -> kB.
std::map<std::string, uint64_t> readMeminfo();

// Ends every other process, unmounts what the agent mounted under /juxta (deepest first), flushes
// and powers the machine off; returns only if the kernel refused. Unmounted, an ext4 disk is left
// clean: a root disk of the user's, or an image VM's own disk, mounts next time without a journal
// to replay — which a read-only disk could not (ext4 refuses to recover a journal it cannot write).
void powerOff();

}  // namespace juxta::guest
