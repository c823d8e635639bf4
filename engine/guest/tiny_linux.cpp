#include "guest/tiny_linux.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/paths.h"
#include "core/read_file.h"
#include "guest/cpio_writer.h"
#include "guest/locate.h"
#include "images/digest.h"

namespace juxta::guest {

namespace fs = std::filesystem;

namespace {

// Bump when the archive's layout changes, so existing images are rebuilt.
constexpr std::string_view kLayoutVersion = "tiny-linux-3";

// A static program for the initramfs: a few MiB (busybox, the agent); far more is not one.
constexpr ReadLimits kProgramLimits{.maxBytes = std::size_t(256) << 20};

Result<std::string> readStaticBinary(const fs::path& path, const std::string& what, const char* remedy) {
    auto bytes = readFile(path, kProgramLimits);
    if (!bytes) return Error(bytes.error().code(), what + ": " + bytes.error().message() + " — " + remedy);
    if (!isStaticElf(*bytes))
        return Error(ENOEXEC, what + " " + path.string() +
                                  ": not a static x86-64 executable (the initramfs has no libc) — " + remedy);
    return bytes;
}

// `busybox --list-full`: the applets' paths ("bin/ls", "usr/bin/awk", ...), one a line.
Result<std::vector<std::string>> appletPaths(const fs::path& busybox) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) < 0) return Error::fromErrno("pipe");
    pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::execl(busybox.c_str(), "busybox", "--list-full", nullptr);
        ::_exit(127);
    }
    ::close(out[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(out[0], buffer, sizeof(buffer))) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        text.append(buffer, size_t(n));
    }
    ::close(out[0]);
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Error(ENOEXEC, busybox.string() + " --list-full failed: is it busybox?");
    std::vector<std::string> paths;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line != "bin/busybox") paths.push_back(line);
    if (paths.empty()) return Error(ENOEXEC, busybox.string() + " --list-full listed no applets");
    return paths;
}

struct Module {
    std::string name;  // "virtio_blk.ko"
    std::string bytes;
};

struct Inputs {
    fs::path kernel, agentPath, workloadPath;
    std::string busybox, agent, workload;
    std::vector<Module> modules;  // in load order
    std::vector<std::string> applets;
    std::string cmdline;
};

// The kernel's modules for the VM's devices, from <kernel dir>/modules/order (tools/fetch-kernel.sh):
// none when the kernel came without them (a kernel of the user's: its VMs get no virtio devices).
Result<std::vector<Module>> readModules(const fs::path& kernel) {
    const fs::path dir = kernel.parent_path() / "modules";
    std::error_code ec;
    if (!fs::exists(dir / "order", ec)) return std::vector<Module>{};
    auto order = readFile(dir / "order", ReadLimits{.maxBytes = 64 << 10});
    if (!order) return order.error().wrap("kernel modules");
    std::vector<Module> modules;
    std::istringstream lines(*order);
    for (std::string name; std::getline(lines, name);) {
        if (name.empty()) continue;
        if (name.find('/') != std::string::npos || !name.ends_with(".ko") || name.size() > 255)
            return Error(EINVAL, "kernel modules " + (dir / "order").string() + ": \"" + name +
                                     "\" is not a module's file name");
        auto bytes = readFile(dir / name, kProgramLimits);
        if (!bytes) return bytes.error().wrap("kernel module");
        modules.push_back({name, std::move(*bytes)});
    }
    return modules;
}

std::string digestOf(const Inputs& in) {
    images::Sha256 h;
    for (std::string_view part : {std::string_view(kLayoutVersion), std::string_view(in.busybox),
                                  std::string_view(in.agent), std::string_view(in.workload),
                                  std::string_view(in.cmdline), std::string_view(in.kernel.native())}) {
        const uint64_t size = part.size();
        h.update(&size, sizeof(size));
        h.update(part.data(), part.size());
    }
    for (const Module& m : in.modules)
        for (std::string_view part : {std::string_view(m.name), std::string_view(m.bytes)}) {
            const uint64_t size = part.size();
            h.update(&size, sizeof(size));
            h.update(part.data(), part.size());
        }
    const std::string hex = h.hexDigest();
    return hex.empty() ? std::string()
                       : "sha256:" + hex;  // empty (no libcrypto): never matches, always rebuilt
}

Result<std::string> buildArchive(const Inputs& in) {
    std::ostringstream bytes;
    CpioWriter cpio(bytes);
    Status s;
    for (const char* dir :
         {"bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp", "run", "root", "etc"})
        if (s = cpio.addDirectory(dir, std::strcmp(dir, "tmp") == 0 ? 01777 : 0755); !s) return s.error();
    // Device nodes the agent opens before it mounts devtmpfs (see agent/main.cpp).
    const struct {
        const char* path;
        uint32_t major, minor, mode;
    } nodes[] = {{"dev/console", 5, 1, 0600},
                 {"dev/null", 1, 3, 0666},
                 {"dev/ttyS0", 4, 64, 0660},
                 {"dev/ttyS1", 4, 65, 0660}};
    for (const auto& n : nodes)
        if (s = cpio.addCharDevice(n.path, n.major, n.minor, n.mode); !s) return s.error();
    if (s = cpio.addFile("bin/busybox", in.busybox, 0755); !s) return s.error();
    for (const std::string& applet : in.applets)
        if (s = cpio.addSymlink(applet, "/bin/busybox"); !s) return s.error();
    if (s = cpio.addFile("init", in.agent, 0755); !s) return s.error();
    if (!in.workload.empty())
        if (s = cpio.addFile("usr/bin/juxta-workload", in.workload, 0755); !s) return s.error();
    // The device drivers, loaded by the agent in this order when the VM has virtio devices.
    if (!in.modules.empty()) {
        for (const char* dir : {"lib", "lib/modules", "lib/modules/juxta"})
            if (s = cpio.addDirectory(dir, 0755); !s) return s.error();
        std::string order;
        for (const Module& m : in.modules) {
            if (s = cpio.addFile("lib/modules/juxta/" + m.name, m.bytes, 0644); !s) return s.error();
            order += m.name + "\n";
        }
        if (s = cpio.addFile("lib/modules/juxta/order", order); !s) return s.error();
    }
    if (s = cpio.addFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"); !s) return s.error();
    if (s = cpio.addFile("etc/group", "root:x:0:\n"); !s) return s.error();
    if (s = cpio.finish(); !s) return s.error();
    return bytes.str();
}

}  // namespace

bool isStaticElf(std::string_view bytes) {
    Elf64_Ehdr eh;
    if (bytes.size() < sizeof(eh)) return false;
    std::memcpy(&eh, bytes.data(), sizeof(eh));
    if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_machine != EM_X86_64 || (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
        eh.e_phentsize != sizeof(Elf64_Phdr))
        return false;
    for (uint32_t i = 0; i < eh.e_phnum; ++i) {
        const uint64_t at = eh.e_phoff + uint64_t(i) * sizeof(Elf64_Phdr);
        if (at + sizeof(Elf64_Phdr) > bytes.size()) return false;
        Elf64_Phdr ph;
        std::memcpy(&ph, bytes.data() + at, sizeof(ph));
        if (ph.p_type == PT_INTERP) return false;
    }
    return true;
}

Result<TinyLinux> ensureTinyLinux(const TinyLinuxOptions& options) {
    Inputs in;
    in.cmdline = options.cmdline;
    if (options.kernel.empty()) {
        auto k = locateKernel();
        if (!k) return k.error();
        in.kernel = *k;
    } else {
        in.kernel = options.kernel;
    }
    std::error_code ec;
    if (!fs::is_regular_file(in.kernel, ec))
        return Error(ENOENT, "kernel " + in.kernel.string() +
                                 ": no such file — run ./setup.sh (it fetches Debian's cloud kernel) or give "
                                 "a kernel");
    in.kernel = fs::absolute(in.kernel);
    in.agentPath = options.agent;
    if (in.agentPath.empty()) {
        auto a = locateAgent();
        if (!a) return a.error();
        in.agentPath = *a;
    }
    auto busybox = readStaticBinary(options.busybox, "busybox",
                                    "install busybox-static (apt-get install "
                                    "busybox-static)");
    if (!busybox) return busybox.error();
    in.busybox = std::move(*busybox);
    auto agent = readStaticBinary(in.agentPath, "agent", "build the juxta-guest target");
    if (!agent) return agent.error();
    in.agent = std::move(*agent);
    auto modules = readModules(in.kernel);
    if (!modules) return modules.error();
    in.modules = std::move(*modules);
    in.workloadPath = in.agentPath.parent_path() / "juxta-workload";
    if (fs::is_regular_file(in.workloadPath, ec)) {
        auto w = readStaticBinary(in.workloadPath, "workload", "build juxta-workload statically");
        if (!w) return w.error();
        in.workload = std::move(*w);
    } else {
        in.workloadPath.clear();
    }

    const fs::path dir =
        options.outputDir.empty() ? paths::dataDir() / "images" / "tiny-linux" : options.outputDir;
    TinyLinux image{in.kernel, dir / "initramfs.cpio", in.cmdline, digestOf(in), false};
    const fs::path manifest = dir / "image.json";
    if (auto old = readBoundedJsonFile(manifest, kStateJsonLimits, "tiny-linux image.json")) {
        const JsonReader j(*old, "tiny-linux image.json");
        const std::string digest = j.string("digest", "");
        const uint64_t initrdBytes = j.integer<uint64_t>("initrd_bytes", 0);
        if (j.ok() && !digest.empty() && digest == image.digest &&
            fs::file_size(image.initrd, ec) == initrdBytes && !ec)
            return image;  // anything else (damaged, other inputs): rebuilt below
    }
    auto applets = appletPaths(options.busybox);
    if (!applets) return applets.error();
    in.applets = std::move(*applets);
    auto archive = buildArchive(in);
    if (!archive) return archive.error().wrap("tiny-linux initramfs");
    if (auto d = paths::ensureDir(dir); !d) return d.error();
    if (Status s = writeFileAtomically(image.initrd, *archive); !s) return s.error();
    nlohmann::json j = {{"name", "tiny-linux"},
                        {"kernel", image.kernel.string()},
                        {"initrd", image.initrd.string()},
                        {"initrd_bytes", archive->size()},
                        {"cmdline", image.cmdline},
                        {"digest", image.digest},
                        {"inputs",
                         {{"busybox", options.busybox.string()},
                          {"agent", in.agentPath.string()},
                          {"workload", in.workloadPath.string()}}}};
    if (Status s = writeFileAtomically(manifest, j.dump(2) + "\n"); !s) return s.error();
    image.rebuilt = true;
    return image;
}

}  // namespace juxta::guest
