#include "vmm/lifecycle/vm_definition.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <nlohmann/json.hpp>
#include <set>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "images/image_store.h"
#include "instances/definition_store.h"
#include "instances/restart.h"
#include "runtime/lifecycle/health.h"
#include "runtime/port_relay.h"
#include "vmm/arch/x86_64/layout.h"

namespace juxta::vmm {
namespace fs = std::filesystem;
using nlohmann::json;

std::string toJson(const VmDefinition& d) {
    json disks = json::array();
    for (const DiskConfig& disk : d.disks)
        disks.push_back({{"file", disk.file}, {"read_only", disk.readOnly}});
    const json j = {{"id", d.id},
                    {"name", d.name},
                    {"image", d.image},
                    {"kernel", d.kernel},
                    {"initrd", d.initrd},
                    {"cmdline", d.cmdline},
                    {"memory_mib", d.memoryMiB},
                    {"vcpus", d.vcpus},
                    {"disks", disks},
                    {"root", d.root},
                    {"writable_disk_mib", d.writableDiskMiB},
                    {"network", d.network},
                    {"publish", d.publish},
                    {"force", d.force},
                    {"restart", d.restart},
                    {"labels", d.labels},
                    {"created_at_ms", d.createdAtMs}};
    json out = j;
    if (const auto& s = d.service) {
        json service = {{"argv", s->argv},
                        {"env", s->env},
                        {"cwd", s->cwd},
                        {"user", s->user},
                        {"hosts_file", s->hostsFile},
                        {"stop_signal", s->stopSignal},
                        {"volumes", s->volumes}};
        if (const auto& h = s->health)
            service["health"] = {{"args", h->args},
                                 {"interval_ms", h->intervalMs},
                                 {"timeout_ms", h->timeoutMs},
                                 {"start_period_ms", h->startPeriodMs},
                                 {"retries", h->retries}};
        out["service"] = service;
    }
    return out.dump(2) + "\n";
}

Result<VmDefinition> vmDefinitionFromJson(const std::string& text) {
    auto parsed = parseBoundedJson(text, kStateJsonLimits, "VM definition");
    if (!parsed) return parsed.error();
    const JsonReader j(*parsed, "VM definition");
    VmDefinition d;
    d.id = j.string("id");
    d.name = j.string("name", d.id);
    d.image = j.string("image", "");
    d.kernel = j.string("kernel", "");
    d.initrd = j.string("initrd", "");
    d.cmdline = j.string("cmdline", "");
    d.memoryMiB = j.integer<uint64_t>("memory_mib", 256);
    d.vcpus = j.integer<uint32_t>("vcpus", 1);
    if (const JsonReader disks = j.field("disks"); disks.present())
        for (const JsonReader& disk : disks.elements())
            d.disks.push_back({disk.string("file"), disk.boolean("read_only", false)});
    d.root = j.string("root", "");
    if (!d.root.empty())  // it goes on the guest's command line: checked as a definition being made is
        if (Status st = checkRootDevice(d); !st) j.field("root").fail(st.error().message());
    d.writableDiskMiB = j.integer<uint64_t>("writable_disk_mib", 1024);
    d.network = j.string("network", "none");
    d.publish = j.strings("publish", {});
    d.force = j.boolean("force", false);
    d.restart = j.string("restart", "no");
    if (const JsonReader labels = j.field("labels"); labels.present()) {
        d.labels = labels.asStringMap();
        if (Status st = checkLabels(d.labels); !st) labels.fail(st.error().message());
    }
    d.createdAtMs = j.integer<int64_t>("created_at_ms", 0);
    if (const JsonReader s = j.field("service"); s.present()) {
        VmService service;
        service.argv = s.strings("argv");
        service.env = s.strings("env", {});
        service.cwd = s.string("cwd", "/");
        service.user = s.string("user", "");
        service.hostsFile = s.string("hosts_file", "");
        service.stopSignal = s.integer<int>("stop_signal", SIGTERM);
        if (service.stopSignal < 1 || service.stopSignal > 64) s.fail("stop_signal is not a signal");
        service.volumes = s.strings("volumes", {});
        if (const JsonReader h = s.field("health"); h.present()) {
            VmHealthCheck check;
            check.args = h.strings("args");
            check.intervalMs = h.integer<int64_t>("interval_ms", check.intervalMs);
            check.timeoutMs = h.integer<int64_t>("timeout_ms", check.timeoutMs);
            check.startPeriodMs = h.integer<int64_t>("start_period_ms", check.startPeriodMs);
            check.retries = h.integer<int>("retries", check.retries);
            service.health = check;
        }
        d.service = std::move(service);
    }
    if (Status ok = j.status(); !ok) return ok.error();
    return d;
}

Status checkVolumeTarget(const std::string& volume) {
    const std::string path = volume.size() > 3 && volume.compare(volume.size() - 3, 3, ":ro") == 0
                                 ? volume.substr(0, volume.size() - 3)
                                 : volume;
    const auto plain = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-' || c == '/';
    };
    if (path.size() < 2 || path.size() > 200 || path[0] != '/' ||
        !std::all_of(path.begin(), path.end(), plain) || path.find("/../") != std::string::npos ||
        path.find("/./") != std::string::npos || path.find("//") != std::string::npos ||
        path.ends_with("/..") || path.ends_with("/."))
        return Error(EINVAL,
                     "volume path '" + volume +
                         "': a VM's volume is mounted at an absolute path of letters, digits and . _ - / "
                         "(no . or .. parts, at most 200 characters), not /");
    return {};
}

Status validate(const VmDefinition& d) {
    if (Status name = instances::checkName(d.name, "VM name"); !name) return name;
    if (d.memoryMiB < 16)
        return Error(EINVAL,
                     "VM memory " + std::to_string(d.memoryMiB) + " MiB: give at least 16 MiB (e.g. 256M)");
    if (d.vcpus < 1 || d.vcpus > 254)
        return Error(EINVAL, "VM vCPUs " + std::to_string(d.vcpus) + ": give 1 to 254");
    if (bootsOciImage(d)) {
        if (!d.kernel.empty()) return Error(EINVAL, "give an image or --kernel, not both");
        images::ImageStore store = images::ImageStore::atDefaultLocation();
        if (auto image = store.resolve(d.image); !image)
            return Error(EINVAL, "VM image \"" + d.image + "\": " + image.error().message() + " (" +
                                     kTinyLinux + ", an image of `juxtactl images`, or --kernel)");
        if (d.writableDiskMiB < 16 || d.writableDiskMiB > (uint64_t(16) << 20))
            return Error(EINVAL, "writable disk " + std::to_string(d.writableDiskMiB) +
                                     " MiB: give 16 MiB to 16 TiB (e.g. 1G)");
    }
    if (d.image.empty() && d.kernel.empty())
        return Error(EINVAL, "a VM needs an image (tiny-linux) or --kernel FILE");
    if (auto policy = instances::parseRestartPolicy(d.restart); !policy) return policy.error();
    if (Status st = checkLabels(d.labels); !st) return st;
    if (const auto& s = d.service) {
        if (!bootsOciImage(d)) return Error(EINVAL, "a VM that runs a service boots an OCI image");
        if (s->argv.empty() || s->argv[0].empty())
            return Error(EINVAL, "the VM's service has no command (the image names none: give one)");
        if (!s->hostsFile.empty() && !fs::path(s->hostsFile).is_absolute())
            return Error(EINVAL, "the VM's hosts file " + s->hostsFile + " is not an absolute path");
        if (s->volumes.size() > 8)
            return Error(EINVAL, std::to_string(s->volumes.size()) + " volumes: a VM service has at most 8");
        if (s->volumes.size() > d.disks.size())
            return Error(EINVAL, std::to_string(s->volumes.size()) + " volumes for " +
                                     std::to_string(d.disks.size()) +
                                     " disks: each volume is one of the disks");
        for (const std::string& v : s->volumes)
            if (Status ok = checkVolumeTarget(v); !ok) return ok;
        if (const auto& h = s->health) {
            if (h->args.empty()) return Error(EINVAL, "the VM's health check has no test");
            const auto within = [](int64_t v, int64_t lo) { return v >= lo && v <= runtime::kMaxHealthMs; };
            if (!within(h->intervalMs, runtime::kMinHealthIntervalMs) ||
                !within(h->timeoutMs, runtime::kMinHealthTimeoutMs) || !within(h->startPeriodMs, 0) ||
                h->retries < 1 || h->retries > runtime::kMaxHealthRetries)
                return Error(EINVAL,
                             "the VM's health check: interval, timeout or start period out of "
                             "bounds, or retries not 1 to 1000");
        }
    }
    for (const auto& [what, file] : {std::pair{"kernel", d.kernel}, std::pair{"initrd", d.initrd}}) {
        if (file.empty()) continue;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec) || ::access(file.c_str(), R_OK) != 0)
            return Error(EINVAL, std::string(what) + " " + file + ": no readable file there");
    }
    if (d.network != "none" && d.network != "bridge")
        return Error(EINVAL, "VM network \"" + d.network + "\": none or bridge");
    if (!d.publish.empty() && d.network != "bridge")
        return Error(EINVAL, "--publish needs the VM on the bridge (--net bridge)");
    if (d.publish.size() > 64)
        return Error(EINVAL, std::to_string(d.publish.size()) + " published ports: 64 at most");
    for (const std::string& p : d.publish)
        if (auto port = runtime::parsePublishedPort(p); !port) return port.error();
    // An image VM's first two disks are its image's and its own; a bridged VM's card takes a slot,
    // and the agent's vsock device one.
    const std::size_t taken = (bootsOciImage(d) ? 2 : 0) + (d.network == "bridge" ? 1 : 0) + 1;
    const std::size_t maxDisks = x86::kMaxVirtioDevices - taken;
    if (d.disks.size() > maxDisks)
        return Error(EINVAL, std::to_string(d.disks.size()) + " disks: this VM can have at most " +
                                 std::to_string(maxDisks));
    std::set<fs::path> seen;
    for (const DiskConfig& disk : d.disks) {
        const fs::path file(disk.file);
        std::error_code ec;
        const fs::file_status st = fs::status(file, ec);
        if (!fs::exists(st)) return Error(EINVAL, "disk " + disk.file + ": no such file");
        if (fs::is_directory(st))
            return Error(EINVAL, "disk " + disk.file + ": a directory, not a disk image");
        if (!fs::is_regular_file(st))
            return Error(EINVAL, "disk " + disk.file + ": not a regular file (a raw disk image)");
        const uintmax_t size = fs::file_size(file, ec);
        if (ec || size == 0 || size % 512 != 0)
            return Error(EINVAL, "disk " + disk.file + ": " + std::to_string(size) +
                                     " bytes — a raw image is a whole number of 512-byte sectors");
        if (::access(disk.file.c_str(), disk.readOnly ? R_OK : R_OK | W_OK) != 0)
            return Error(EINVAL, "disk " + disk.file + ": not " + (disk.readOnly ? "readable" : "writable") +
                                     (disk.readOnly ? "" : " (add :ro to attach it read-only)"));
        if (!seen.insert(fs::weakly_canonical(file, ec)).second)
            return Error(EINVAL, "disk " + disk.file + ": given twice");
    }
    if (!d.root.empty()) return checkRootDevice(d);
    return {};
}

Status checkRootDevice(const VmDefinition& d) {
    const std::string& r = d.root;
    const std::string what = "--root " + r.substr(0, 40);
    if (d.image != kTinyLinux)
        return Error(EINVAL,
                     what + ": a root disk is for a VM of tiny-linux's kernel (not an image or --kernel)");
    // /dev/vd<letter> and at most a two-digit partition number, 1 to 99 (the guest's names for the
    // VM's disks in order: vda is the first --disk).
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const std::string partition = r.size() > 8 ? r.substr(8) : "";
    const bool shaped = r.size() >= 8 && r.size() <= 10 && r.rfind("/dev/vd", 0) == 0 && r[7] >= 'a' &&
                        r[7] <= 'z' && std::all_of(partition.begin(), partition.end(), digit) &&
                        (partition.empty() || partition[0] != '0');
    if (!shaped)
        return Error(EINVAL, what +
                                 ": give one of the VM's disks as the guest names it, /dev/vda or a "
                                 "partition such as /dev/vda1");
    const std::size_t index = std::size_t(r[7] - 'a');
    if (index >= d.disks.size())
        return Error(EINVAL, what + ": the VM has " + std::to_string(d.disks.size()) + " disk" +
                                 (d.disks.size() == 1 ? "" : "s") + " (vda is the first --disk)");
    return {};
}

fs::path writableDiskOf(const std::string& id) {
    return instances::definitionDirOf(InstanceKind::Vm, id) / "disk.ext4";
}

Status saveVmDefinition(const VmDefinition& d) {
    return instances::saveDefinition(InstanceKind::Vm, d.id, toJson(d));
}

Result<VmDefinition> loadVmDefinition(const std::string& id) {
    auto text = instances::loadDefinition(InstanceKind::Vm, id);
    if (!text) return text.error();
    auto d = vmDefinitionFromJson(*text);
    if (!d) return d.error().wrap("VM " + id);
    return d;
}

Result<std::vector<VmDefinition>> listVmDefinitions() {
    std::vector<VmDefinition> all;
    for (const std::string& id : instances::definedIds(InstanceKind::Vm)) {
        auto d = loadVmDefinition(id);
        if (!d) return d.error();
        all.push_back(std::move(d.value()));
    }
    std::sort(all.begin(), all.end(),
              [](const VmDefinition& a, const VmDefinition& b) { return a.createdAtMs < b.createdAtMs; });
    return all;
}

Result<std::string> resolveVm(const std::string& idOrName) {
    if (instances::isDefined(InstanceKind::Vm, idOrName)) return idOrName;
    auto all = listVmDefinitions();
    if (!all) return all.error();
    std::vector<instances::NamedId> named;
    for (const auto& d : *all) named.push_back({d.id, d.name});
    return instances::resolve(InstanceKind::Vm, idOrName, named, "juxtactl vm ps");
}

}  // namespace juxta::vmm
