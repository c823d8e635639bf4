#pragma once
// What juxta-vmm is asked to run, parsed from its command line and validated before any KVM
// set-up. Whoever starts juxta-vmm (the VM monitor, the comparison's VM variant) fills a VmConfig
// and spawns it with toArgs(): the command line is written in this one place, both ways.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::vmm {

// Exit status of juxta-vmm.
inline constexpr int kExitGuestEnded = 0;
inline constexpr int kExitVmmFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitGuestCrashed = 3;

inline constexpr uint32_t kMaxVcpus = 254;  // APIC IDs 0..253; 255 is broadcast, 254 our IOAPIC
inline constexpr const char* kDefaultCmdline =
    "console=ttyS0 reboot=k panic=1 pci=off i8042.noaux i8042.nomux i8042.nopnp i8042.dumbkbd";

enum class RawEntry { Real, Long };
enum class BootMethod { Auto, Linux64, Pvh };  // Auto: bzImage -> 64-bit protocol, ELF -> PVH

// A raw disk image as a virtio-blk device (/dev/vda, /dev/vdb, ... in the order given).
struct DiskConfig {
    std::string file;
    bool readOnly = false;
};

// A virtio-net card on an existing tap interface (eth0, eth1, ... in the order given), and the
// guest's address on it, if the agent is to set one (juxta.ip=, juxta.gw= on the command line).
struct NetConfig {
    std::string tap;
    std::string address;  // "10.88.0.5/16", or empty
    std::string gateway;  // "10.88.0.1", or empty
};

struct VmConfig {
    std::string kernel;
    std::string initrd;
    std::string cmdline = kDefaultCmdline;
    BootMethod boot = BootMethod::Auto;
    std::string raw;  // a flat test image instead of a kernel
    RawEntry rawEntry = RawEntry::Real;
    uint64_t memoryMiB = 256;
    uint32_t vcpus = 1;
    std::vector<DiskConfig> disks;  // --disk FILE[:ro]
    std::vector<NetConfig> nets;    // --net TAP[:ADDRESS/PREFIX[:GATEWAY]]
    bool vsock = false;             // --vsock: a virtio-vsock device, the agent's channel (after the others)
    std::string console = "stdio";  // ttyS0: "stdio", "none" or a file path ("none" with --exec)
    std::string agent;              // ttyS1: a file path; empty: discarded
    std::string api;                // control socket path; empty: none
    std::string statsFile;          // final statistics as JSON, written when the VM ends
    std::string timingsFile;        // the start-up phase timeline as JSON, written when the VM ends
    std::string kernelCache;        // where vmlinux extracted from a bzImage is kept (PVH boot)
    std::vector<std::string> exec;  // --exec -- CMD ARGS: run through the agent, then power off
    bool execInImage = false;       // --exec-in-image: that command in the image's root (juxta.image=)
    bool force = false;             // boot a stock kernel on a PVM host anyway
    bool verbose = false;
};

std::string usage();
// Parses argv (without argv[0]); "--help" gives an Error with code 0 and the usage text.
Result<VmConfig> parseArgs(const std::vector<std::string>& args);
// The command line (without argv[0]) that parseArgs reads back as `config`.
std::vector<std::string> toArgs(const VmConfig& config);
// How many virtio devices the guest gets (the DSDT declares that many slots): disks, cards, vsock.
uint32_t virtioDeviceCount(const VmConfig& config);
// Memory, vCPUs and the choice of image; `hostMemoryBytes` is the host's RAM (0 skips that check).
Status validateConfig(const VmConfig& config, uint64_t hostMemoryBytes);
// The command line the guest boots with: `cmdline`, and juxta.ip=/juxta.gw= for the first card
// with an address (read by the agent).
std::string guestCmdline(const VmConfig& config);
// MemTotal from /proc/meminfo, in bytes (0 when unknown).
uint64_t hostMemoryBytes();

}  // namespace juxta::vmm
