#include "compare/vm_variant.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compare/child_process.h"
#include "compare/container_variant.h"
#include "compare/proc_usage.h"
#include "core/paths.h"
#include "core/read_file.h"
#include "core/sha256.h"
#include "core/timeline.h"
#include "images/image_store.h"
#include "vmm/lifecycle/image_disk.h"
#include "vmm/lifecycle/vm_definition.h"

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Where the VM's scratch disk is mounted for the file I/O workload.
constexpr const char* kScratchMount = "/mnt/scratch";

// The scratch disk's size: what the workload writes (--mib, 16 by default; its small synced writes
// add 4 KiB each) twice over, and room for ext4's journal and metadata.
uint64_t scratchBytes(const std::vector<std::string>& args) {
    uint64_t mib = 16;
    for (std::size_t i = 1; i + 1 < args.size(); ++i)
        if (args[i] == "--mib") mib = std::strtoull(args[i + 1].c_str(), nullptr, 10);
    return (std::min<uint64_t>(mib, 1 << 16) * 2 + 64) << 20;
}

// Blocks the file system gave the file (a sparse disk: what it really takes).
double allocatedBytes(const fs::path& file) {
    struct stat st {};
    return ::stat(file.c_str(), &st) == 0 ? double(st.st_blocks) * 512 : 0;
}

json readJson(const fs::path& file) {
    std::ifstream in(file);
    try {
        return json::parse(in);
    } catch (const std::exception&) {
        return json::object();
    }
}

class VmVariant : public Variant {
  public:
    VmVariant(VmSetup setup, VmVariantOptions options)
        : setup_(std::move(setup)), options_(std::move(options)) {}
    InstanceKind kind() const override { return InstanceKind::Vm; }
    std::string unavailableReason() const override { return setup_.unavailableReason; }

    // An image VM: the image's layers and the workload layer (the container's) as one read-only
    // disk, made once per set of layers and kept, as `juxtactl vm run --image` makes it.
    Status prepare() override {
        if (options_.image.empty()) return {};
        auto layer = ensureWorkloadLayer(options_.workloadBinary);
        if (!layer) return layer.error().wrap("VM variant");
        images::ImageStore store = images::ImageStore::atDefaultLocation();
        auto image = store.resolve(options_.image);
        if (!image) return image.error().wrap("VM variant: image " + options_.image);
        // The workload layer by its content: a rebuilt juxta-workload is a new disk.
        auto binary =
            readFile(*layer / "usr/bin/juxta-workload", ReadLimits{.maxBytes = std::size_t(1) << 30});
        if (!binary) return binary.error().wrap("VM variant");
        const std::string digest = sha256Hex(*binary);
        if (digest.empty()) return Error(ENOPKG, "VM variant: SHA-256 is unavailable (install libssl3)");
        image->layerIds.push_back("juxta-workload:" + digest);
        image->layerDirs.push_back(*layer);
        auto disk = vmm::ensureImageDisk(store, *image);
        if (!disk) return disk.error().wrap("VM variant");
        imageDisk_ = *disk;
        layers_ = image->layerDirs.size();
        return {};
    }

    Result<RunOutcome> run(const RunRequest& request, const RunProbe& probe) override {
        const int64_t requestNs = monotonicNs();
        auto dir = paths::ensureDir(paths::runtimeDir() / "bench" / ("vm-" + std::to_string(::getpid())));
        if (!dir) return dir.error().wrap("VM variant");
        const fs::path timings = *dir / "timings.json", stats = *dir / "stats.json";
        vmm::VmConfig c = vmConfigOf(setup_, options_.memoryMib, options_.vcpus);
        c.timingsFile = timings.string();
        c.statsFile = stats.string();
        c.console = "none";  // juxta-vmm's stdout is the command's output, which the harness parses
        c.exec = {request.startup ? "/bin/true" : "/usr/bin/juxta-workload"};
        if (!request.startup) c.exec.insert(c.exec.end(), request.args.begin(), request.args.end());
        std::error_code ec;
        fs::path ownDisk;  // removed on every way out
        struct RemoveDisk {
            const fs::path& file;
            ~RemoveDisk() {
                std::error_code ignored;
                if (!file.empty()) fs::remove(file, ignored);
            }
        } removeDisk{ownDisk};
        auto diskDir = paths::ensureDir(paths::dataDir() / "bench");
        if (!diskDir) return diskDir.error().wrap("VM variant");
        // The run's own disk (sparse, on the host's disk), under a name of this process's.
        const auto makeOwnDisk = [&](const std::string& name, uint64_t bytes) -> Status {
            ownDisk = *diskDir / (name + "-" + std::to_string(::getpid()) + ".ext4");
            fs::remove(ownDisk, ec);
            if (Status made = vmm::makeWritableDisk(ownDisk, bytes); !made)
                return made.error().wrap("VM variant: its " + name + " disk");
            return {};
        };
        const bool fileio = !request.startup && !request.args.empty() && request.args[0] == "fileio";
        if (!imageDisk_.empty()) {
            // As `juxtactl vm run --image`: the image's disk, a writable disk of this VM's own (made
            // for the run, as the container's writable layer is: its making is part of the start),
            // overlayfs in the guest, the agent on vsock, the command in the image's root.
            if (Status made = makeOwnDisk("vm-rw", kWritableDiskBytes); !made) return made.error();
            c.disks = {{imageDisk_.string(), true}, {ownDisk.string(), false}};
            c.cmdline += vmm::imageRootCmdline(layers_, "compare-vm");
            c.vsock = true;
            c.execInImage = true;
        } else if (fileio) {
            // File I/O goes to a disk, as the host's and the container's does, not to tiny-linux's
            // tmpfs: a scratch ext4 on virtio-blk (a sparse file on the host's disk, made per run),
            // mounted by the command before the workload's exec; --dir names that mount.
            if (Status made = makeOwnDisk("vm-scratch", scratchBytes(request.args)); !made)
                return made.error();
            c.disks = {{ownDisk.string(), false}};
            std::vector<std::string> args = request.args;
            for (std::size_t i = 1; i + 1 < args.size(); ++i)
                if (args[i] == "--dir") args[i + 1] = kScratchMount;
            if (std::find(args.begin(), args.end(), "--dir") == args.end())
                args.insert(args.end(), {"--dir", kScratchMount});
            c.exec = {"/bin/sh", "-c",
                      std::string("mkdir -p ") + kScratchMount + " && mount -t ext4 /dev/vda " +
                          kScratchMount + " && exec /usr/bin/juxta-workload \"$@\"",
                      "juxta-workload"};
            c.exec.insert(c.exec.end(), args.begin(), args.end());
        }
        std::vector<std::string> argv = vmm::toArgs(c);
        argv.insert(argv.begin(), setup_.vmm.string());
        PeakMemory peak;
        auto child = runChild(argv, probe, [&](pid_t pid) {
            auto pss = pssBytes(pid);
            if (!pss) return;
            peak.offer({{"juxta-vmm", *pss}});
            probe.sample(cpuMs(pid).value_or(0), *pss);
        });
        const json t = readJson(timings), s = readJson(stats);
        const double ownAllocated = ownDisk.empty() ? 0 : allocatedBytes(ownDisk);
        fs::remove_all(*dir, ec);
        if (!child) return child.error();
        if (child->exitCode != 0)
            return Error(EIO,
                         "juxta-vmm exited " + std::to_string(child->exitCode) + ": " + lastLine(child->err));

        RunOutcome o;
        o.line = lastLine(child->out);
        // From this call on: the VM's own disk, when one was made, before juxta-vmm's spawn.
        const double lead = double(child->requestNs - requestNs) / 1e6;
        if (!ownDisk.empty()) o.phases.push_back({"own_disk", 0, lead});
        const double shift = lead + double(t.value("origin_ns", child->requestNs) - child->requestNs) / 1e6;
        double workloadStart = -1, workloadEnd = -1;
        for (const json& p : t.value("phases", json::array())) {
            const std::string name = p.value("name", "");
            const double start = shift + p.value("start_ms", 0.0), end = shift + p.value("end_ms", 0.0);
            o.phases.push_back({name, start, end});
            if (name == "workload_start") workloadStart = end;
            if (name == "workload_end") workloadEnd = end;
        }
        if (workloadStart < 0) return Error(EPROTO, "juxta-vmm's timings have no workload_start phase");
        const double exited = lead + double(child->reapedNs - child->requestNs) / 1e6;
        o.phases.push_back({"power_off", workloadEnd < 0 ? workloadStart : workloadEnd, exited});
        o.toWorkloadMs = workloadStart;
        o.cycleMs = exited;
        if (peak.total) {
            // The guest pages the VMM saw touched, at the end; the rest of the peak is the VMM.
            const double guest = std::min(*peak.total, s.value("guest_memory_touched_bytes", 0.0));
            o.memoryBytes = peak.total;
            o.parts = {{"guest memory (touched)", guest}, {"VMM (juxta-vmm)", *peak.total - guest}};
        }
        const json exits = s.value("exits", json::object());  // items() must not outlive it
        for (const auto& [reason, n] : exits.items())
            if (n.is_number_unsigned()) o.vmExits[reason] = n.get<uint64_t>();
        o.instanceCpuMs = child->cpuMs;
        double written = 0;  // what reached the VM's disks (virtio-blk's counters)
        for (const json& d : s.value("devices", json::array()))
            if (d.value("kind", "") == "block") written += d.value("write_bytes", 0.0);
        const std::string wrote = " (" + std::to_string(int64_t(written / 1e6)) + " MB written to it)";
        const double boot = double(fs::file_size(setup_.kernel, ec) + fs::file_size(setup_.initrd, ec));
        if (!imageDisk_.empty())
            o.disk = {ownAllocated, boot + double(fs::file_size(imageDisk_, ec)),
                      "its own writable ext4 disk on virtio-blk" + wrote +
                          "; the image's disk (its layers and the workload's), kernel + initramfs (shared)"};
        else if (fileio)
            o.disk = {ownAllocated, boot,
                      "a scratch ext4 disk on virtio-blk for the file I/O" + wrote +
                          "; kernel + initramfs shared by every VM"};
        else
            o.disk = {0, boot, "no disk of its own; kernel + initramfs (shared by every VM)"};
        return o;
    }

  private:
    // An image VM's own disk for a run: sparse, of `juxtactl vm run`'s default size.
    static inline const uint64_t kWritableDiskBytes = vmm::VmDefinition{}.writableDiskMiB << 20;
    VmSetup setup_;
    VmVariantOptions options_;
    fs::path imageDisk_;  // set by prepare() for an image VM
    std::size_t layers_ = 0;
};

}  // namespace

std::unique_ptr<Variant> makeVmVariant(const VmSetup& setup, const VmVariantOptions& options) {
    return std::make_unique<VmVariant>(setup, options);
}

}  // namespace juxta::compare
