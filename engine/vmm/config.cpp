#include "vmm/config.h"

#include <arpa/inet.h>

#include <cerrno>
#include <charconv>
#include <sstream>

#include "core/read_file.h"
#include "vmm/arch/x86_64/layout.h"

namespace juxta::vmm {

std::string usage() {
    return "usage: juxta-vmm --kernel FILE [--initrd FILE] [--cmdline TEXT] [--boot auto|linux64|pvh]\n"
           "                 [--memory MiB] [--vcpus N] [--disk FILE[:ro]]... [--net "
           "TAP[:IP/PREFIX[:GW]]]...\n"
           "                 [--vsock]\n"
           "                 [--console stdio|FILE]\n"
           "                 [--agent FILE]\n"
           "                 [--api SOCKET] [--stats FILE] [--timings FILE] [--kernel-cache DIR]\n"
           "                 [--force] [--verbose] [--exec [--exec-in-image]] [-- CMD [ARGS...]]\n"
           "       juxta-vmm --raw IMAGE [--entry real|long] [--memory MiB] [--vcpus N] ...\n"
           "  --kernel        a bzImage (booted with the Linux 64-bit boot protocol) or an ELF vmlinux\n"
           "                  with a PVH note; --boot pvh extracts vmlinux from a bzImage (cached)\n"
           "  --disk          a raw disk image as a virtio-blk disk (vda, vdb, ... in order); :ro read-only\n"
           "  --net           a virtio-net card on an existing tap interface (eth0, ... in order); with an\n"
           "                  address (and gateway), the guest agent sets it on the card\n"
           "  --vsock         a virtio-vsock device (guest CID 3): the agent's channel when the guest's\n"
           "                  kernel has vsock (else ttyS1, as without it)\n"
           "  --raw           a flat test image: real mode at 0x1000, or long mode at 0x100000;\n"
           "                  eax holds the vCPU index\n"
           "  --force         boot a stock kernel on a PVM host (it is emulated and will not get far)\n"
           "  -- CMD ARGS     (also --exec -- CMD): wait for the guest agent, run CMD in the guest, copy "
           "its\n"
           "                  stdout/stderr, power the guest off, exit with CMD's status (128+N: signal N);\n"
           "                  the console then defaults to none\n"
           "  --exec-in-image run it in the root the agent mounted (an OCI image's, juxta.image= or\n"
           "                  juxta.root= on the command line), as juxtactl vm run does\n"
           "exit status: 0 the guest ended (halt, power-off, reset), 3 the guest crashed (triple fault,\n"
           "             emulation failure), 1 the VMM failed, 2 bad arguments or input\n";
}

namespace {

Result<uint64_t> parseNumber(const std::string& option, const std::string& text) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return Error(EINVAL, option + ": '" + text + "' is not a number");
    return value;
}

}  // namespace

Result<VmConfig> parseArgs(const std::vector<std::string>& args) {
    VmConfig c;
    bool execFlag = false, consoleGiven = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") return Error(0, usage());
        if (a == "--") {
            c.exec.assign(args.begin() + long(i) + 1, args.end());
            if (c.exec.empty()) return Error(EINVAL, "--: give the command to run in the guest after it");
            break;
        }
        if (a == "--exec") {
            execFlag = true;
            continue;
        }
        if (a == "--exec-in-image") {
            c.execInImage = true;
            continue;
        }
        if (a == "--force") {
            c.force = true;
            continue;
        }
        if (a == "--vsock") {
            c.vsock = true;
            continue;
        }
        if (a == "--verbose" || a == "-v") {
            c.verbose = true;
            continue;
        }
        if (i + 1 >= args.size()) return Error(EINVAL, a + ": needs a value (or is unknown)\n" + usage());
        const std::string& v = args[++i];
        if (a == "--kernel") {
            c.kernel = v;
        } else if (a == "--initrd") {
            c.initrd = v;
        } else if (a == "--cmdline") {
            c.cmdline = v;
        } else if (a == "--boot") {
            if (v == "auto")
                c.boot = BootMethod::Auto;
            else if (v == "linux64")
                c.boot = BootMethod::Linux64;
            else if (v == "pvh")
                c.boot = BootMethod::Pvh;
            else
                return Error(EINVAL, "--boot: '" + v + "' is not auto, linux64 or pvh");
        } else if (a == "--raw") {
            c.raw = v;
        } else if (a == "--entry") {
            if (v == "real")
                c.rawEntry = RawEntry::Real;
            else if (v == "long")
                c.rawEntry = RawEntry::Long;
            else
                return Error(EINVAL, "--entry: '" + v + "' is not real or long");
        } else if (a == "--memory") {
            auto n = parseNumber(a, v);
            if (!n) return n.error();
            c.memoryMiB = *n;
        } else if (a == "--vcpus") {
            auto n = parseNumber(a, v);
            if (!n) return n.error();
            if (*n > 1000000)
                return Error(EINVAL, "--vcpus: " + v + " is far more than " + std::to_string(kMaxVcpus));
            c.vcpus = uint32_t(*n);
        } else if (a == "--disk") {
            DiskConfig d{v, false};
            for (const auto& [suffix, readOnly] : {std::pair{":ro", true}, std::pair{":rw", false}})
                if (v.size() > 3 && v.ends_with(suffix)) d = {v.substr(0, v.size() - 3), readOnly};
            if (d.file.empty()) return Error(EINVAL, "--disk: give an image file");
            c.disks.push_back(std::move(d));
        } else if (a == "--net") {
            NetConfig n;
            const std::size_t first = v.find(':');
            n.tap = v.substr(0, first);
            if (first != std::string::npos) {
                const std::size_t second = v.find(':', first + 1);
                n.address =
                    v.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
                if (second != std::string::npos) n.gateway = v.substr(second + 1);
            }
            c.nets.push_back(std::move(n));
        } else if (a == "--console") {
            c.console = v;
            consoleGiven = true;
        } else if (a == "--agent") {
            c.agent = v;
        } else if (a == "--api") {
            c.api = v;
        } else if (a == "--stats") {
            c.statsFile = v;
        } else if (a == "--timings") {
            c.timingsFile = v;
        } else if (a == "--kernel-cache") {
            c.kernelCache = v;
        } else {
            return Error(EINVAL, "unknown option '" + a + "'\n" + usage());
        }
    }
    if (execFlag && c.exec.empty())
        return Error(EINVAL, "--exec: give the command after --, e.g. --exec -- /bin/true");
    if (c.execInImage && c.exec.empty())
        return Error(EINVAL, "--exec-in-image: give the command after --, e.g. --exec-in-image -- /bin/true");
    if (!c.exec.empty() && !consoleGiven) c.console = "none";  // stdout is the command's
    return c;
}

std::vector<std::string> toArgs(const VmConfig& c) {
    std::vector<std::string> args;
    const auto option = [&](const char* name, const std::string& value) {
        if (!value.empty()) args.insert(args.end(), {name, value});
    };
    option("--kernel", c.kernel);
    option("--initrd", c.initrd);
    if (c.cmdline != kDefaultCmdline) option("--cmdline", c.cmdline);
    if (c.boot != BootMethod::Auto) option("--boot", c.boot == BootMethod::Pvh ? "pvh" : "linux64");
    option("--raw", c.raw);
    if (!c.raw.empty() && c.rawEntry != RawEntry::Real) option("--entry", "long");
    option("--memory", std::to_string(c.memoryMiB));
    option("--vcpus", std::to_string(c.vcpus));
    for (const DiskConfig& d : c.disks) option("--disk", d.file + (d.readOnly ? ":ro" : ":rw"));
    for (const NetConfig& n : c.nets)
        option("--net", n.tap + (n.address.empty() ? "" : ":" + n.address) +
                            (n.gateway.empty() ? "" : ":" + n.gateway));
    if (c.vsock) args.push_back("--vsock");
    option("--console", c.console);
    option("--agent", c.agent);
    option("--api", c.api);
    option("--stats", c.statsFile);
    option("--timings", c.timingsFile);
    option("--kernel-cache", c.kernelCache);
    if (c.force) args.push_back("--force");
    if (c.verbose) args.push_back("--verbose");
    if (!c.exec.empty()) {
        if (c.execInImage) args.push_back("--exec-in-image");
        args.insert(args.end(), {"--exec", "--"});
        args.insert(args.end(), c.exec.begin(), c.exec.end());
    }
    return args;
}

Status validateConfig(const VmConfig& c, uint64_t hostMemory) {
    if (c.kernel.empty() == c.raw.empty())
        return Error(EINVAL, c.kernel.empty() ? "no guest: give --kernel FILE (or --raw IMAGE)"
                                              : "--kernel and --raw exclude each other");
    if (!c.raw.empty() && (!c.initrd.empty())) return Error(EINVAL, "--initrd needs --kernel");
    if (c.memoryMiB == 0) return Error(EINVAL, "--memory: 0 MiB — a VM needs memory (e.g. --memory 256)");
    if (c.memoryMiB > (uint64_t(1) << 30))
        return Error(EINVAL, "--memory: " + std::to_string(c.memoryMiB) + " MiB is absurd");
    if (hostMemory && (c.memoryMiB << 20) > hostMemory)
        return Error(EINVAL, "--memory: " + std::to_string(c.memoryMiB) + " MiB is more than the host's " +
                                 std::to_string(hostMemory >> 20) + " MiB");
    if (c.vcpus == 0) return Error(EINVAL, "--vcpus: 0 — a VM needs at least one vCPU");
    if (c.vcpus > kMaxVcpus)
        return Error(EINVAL, "--vcpus: " + std::to_string(c.vcpus) + " is more than the " +
                                 std::to_string(kMaxVcpus) + " a VM can have");
    if (c.console.empty()) return Error(EINVAL, "--console: give stdio, none or a file path");
    if (!c.disks.empty() && !c.raw.empty()) return Error(EINVAL, "--disk needs a Linux guest, not --raw");
    if (virtioDeviceCount(c) > x86::kMaxVirtioDevices)
        return Error(EINVAL, "--disk/--net/--vsock: " + std::to_string(virtioDeviceCount(c)) +
                                 " devices, at most " + std::to_string(x86::kMaxVirtioDevices) +
                                 " virtio devices");
    if (c.vsock && !c.raw.empty()) return Error(EINVAL, "--vsock needs a Linux guest, not --raw");
    if (!c.nets.empty() && !c.raw.empty()) return Error(EINVAL, "--net needs a Linux guest, not --raw");
    for (const NetConfig& n : c.nets) {
        if (n.tap.empty() || n.tap.size() > 15 || n.tap.find_first_of("/ \t") != std::string::npos)
            return Error(EINVAL, "--net: '" + n.tap + "' is not a tap interface's name");
        const auto plain = [](const std::string& t) {
            return t.find_first_not_of("0123456789./") == std::string::npos;
        };
        if (!plain(n.address) || !plain(n.gateway) ||
            (!n.address.empty() && n.address.find('/') == std::string::npos) ||
            n.gateway.find('/') != std::string::npos || (n.address.empty() && !n.gateway.empty()))
            return Error(EINVAL,
                         "--net " + n.tap + ": give ADDRESS/PREFIX[:GATEWAY], e.g. 10.88.0.5/16:10.88.0.1");
        const auto ipv4 = [](const std::string& t) {
            in_addr a{};
            return t.empty() || ::inet_pton(AF_INET, t.substr(0, t.find('/')).c_str(), &a) == 1;
        };
        if (!ipv4(n.address) || !ipv4(n.gateway))
            return Error(EINVAL, "--net " + n.tap + ": '" + n.address +
                                     (n.gateway.empty() ? "" : ":" + n.gateway) +
                                     "' is not an IPv4 address (and gateway)");
    }
    if (!c.exec.empty() && !c.raw.empty())
        return Error(EINVAL, "--exec needs a Linux guest with the agent, not --raw");
    return {};
}

uint32_t virtioDeviceCount(const VmConfig& c) {
    return uint32_t(c.disks.size() + c.nets.size() + (c.vsock ? 1 : 0));
}

std::string guestCmdline(const VmConfig& c) {
    for (const NetConfig& n : c.nets)
        if (!n.address.empty())
            return c.cmdline + " juxta.ip=" + n.address + (n.gateway.empty() ? "" : " juxta.gw=" + n.gateway);
    return c.cmdline;
}

uint64_t hostMemoryBytes() {
    std::istringstream in(readFile("/proc/meminfo").value_or(""));
    std::string key;
    uint64_t kib = 0;
    while (in >> key >> kib) {
        if (key == "MemTotal:") return kib * 1024;
        in.ignore(1 << 10, '\n');
    }
    return 0;
}

}  // namespace juxta::vmm
