#pragma once
// The embedded VM image `tiny-linux`: Debian's cloud kernel plus an initramfs written here —
// busybox-static with its applet links, juxta-guest as /init, and the comparison workload
// (juxta-workload, when it is built next to juxta-guest) at /usr/bin/juxta-workload.
// <dataDir>/images/tiny-linux/{initramfs.cpio,image.json} are replaced atomically, and only when
// the inputs' digest (recorded in image.json) changed.
#include <filesystem>
#include <string>

#include "core/error.h"

namespace juxta::guest {

// quiet: every console byte is a VM exit through the emulated UART; at loglevel 4 the kernel
// prints next to nothing, which is most of a fast boot (the "Linux version"/"Run /init" phases
// then stay off the timeline — drop quiet to see them). reboot=t and panic=-1: a panic or reboot
// ends the VM at once through a triple fault instead of waiting or probing. pci=off and the i8042
// options: neither VMM has a PCI bus or a real keyboard controller, so skip probing them.
// The rest skip boot work a VM on KVM need not do (Kata Containers boots its guests with the same):
// cryptomgr.notests the self-tests of every crypto algorithm the kernel registers (and the
// initcall_blacklist the one self-test it does not cover, SP800-108 KDF's: 0.2 s), tsc=reliable
// the clocksource watchdog, no_timer_check the IO-APIC timer check, noreplace-smp re-patching the
// SMP alternatives; rcupdate.rcu_expedited=1 makes each RCU grace period (module loading waits on
// them) short. In the nested testbed they took 0.9-2.9 s off a 5-7 s start with every device.
inline constexpr const char* kTinyLinuxCmdline =
    "console=ttyS0 quiet reboot=t panic=-1 pci=off i8042.noaux i8042.nomux i8042.nopnp i8042.dumbkbd "
    "cryptomgr.notests initcall_blacklist=crypto_kdf108_init tsc=reliable no_timer_check noreplace-smp "
    "rcupdate.rcu_expedited=1";

struct TinyLinuxOptions {
    std::filesystem::path kernel;                    // empty: locateKernel()
    std::filesystem::path agent;                     // empty: locateAgent()
    std::filesystem::path busybox = "/bin/busybox";  // Debian's busybox-static
    std::filesystem::path outputDir;                 // empty: <dataDir>/images/tiny-linux
    std::string cmdline = kTinyLinuxCmdline;
};

struct TinyLinux {
    std::filesystem::path kernel;
    std::filesystem::path initrd;
    std::string cmdline;
    std::string digest;
    bool rebuilt = false;  // false: the existing initramfs matched the inputs
};

Result<TinyLinux> ensureTinyLinux(const TinyLinuxOptions& options);

// Whether an ELF executable has no program interpreter (it runs in an initramfs without libc).
bool isStaticElf(std::string_view bytes);

}  // namespace juxta::guest
