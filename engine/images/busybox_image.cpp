#include "images/busybox_image.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/run_program.h"
namespace juxta::images {
namespace fs = std::filesystem;

namespace {

// A static executable has no PT_INTERP program header.
Result<bool> isStaticElf(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    Elf64_Ehdr eh{};
    if (!in.read(reinterpret_cast<char*>(&eh), sizeof eh) ||
        std::string_view((char*)eh.e_ident, 4) != ELFMAG || eh.e_ident[EI_CLASS] != ELFCLASS64)
        return Error(ENOEXEC, file.string() + " is not a 64-bit ELF executable");
    for (int i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph{};
        in.seekg(std::streamoff(eh.e_phoff + uint64_t(i) * eh.e_phentsize));
        if (!in.read(reinterpret_cast<char*>(&ph), sizeof ph))
            return Error(ENOEXEC, file.string() + ": truncated ELF");
        if (ph.p_type == PT_INTERP) return false;
    }
    return true;
}

// `busybox --list-full`: "bin/sh\nusr/bin/wget\n..." — the applets and where they belong.
Result<std::vector<std::string>> appletPaths(const fs::path& busybox) {
    const std::string path = busybox.string();
    auto run = runProgram({path, "--list-full"}, /*mergeStderr=*/false);
    if (!run) return run.error().wrap("run " + path + " --list-full");
    const std::string& out = run->output;
    if (run->status != 0) return Error(EIO, path + " --list-full failed — is it busybox?");
    std::vector<std::string> paths;
    for (std::size_t pos = 0; pos < out.size();) {
        std::size_t eol = out.find('\n', pos);
        if (eol == std::string::npos) eol = out.size();
        std::string line = out.substr(pos, eol - pos);
        pos = eol + 1;
        while (!line.empty() && line[0] == '/') line.erase(0, 1);
        if (line.empty() || line.find("..") != std::string::npos) continue;
        paths.push_back(line);
    }
    return paths;
}

Status writeText(const fs::path& file, const std::string& text, mode_t mode) {
    std::ofstream out(file, std::ios::trunc);
    out << text;
    if (!out.flush()) return Error(EIO, "write " + file.string());
    ::chmod(file.c_str(), mode);
    return {};
}

Status buildLayer(const fs::path& busybox, const fs::path& dir) {
    std::error_code ec;
    for (const char* d : {"bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "root", "home",
                          "var/log", "run", "mnt", "opt"})
        if (!fs::create_directories(dir / d, ec) && ec)
            return Error(ec.value(), "create " + (dir / d).string());
    for (const char* d : {"tmp", "var/tmp"}) {
        fs::create_directories(dir / d, ec);
        ::chmod((dir / d).c_str(), 01777);
    }
    ::chmod((dir / "root").c_str(), 0700);
    if (!fs::copy_file(busybox, dir / "bin/busybox", ec))
        return Error(ec.value(), "copy " + busybox.string() + ": " + ec.message());
    ::chmod((dir / "bin/busybox").c_str(), 0755);
    auto applets = appletPaths(busybox);
    if (!applets) return applets.error();
    for (const auto& applet : *applets) {
        if (applet == "bin/busybox") continue;
        const fs::path link = dir / applet;
        fs::create_directories(link.parent_path(), ec);
        if (::symlink("/bin/busybox", link.c_str()) < 0 && errno != EEXIST)
            return Error::fromErrno("link " + applet);
    }
    const struct {
        const char* path;
        const char* text;
        mode_t mode;
    } files[] = {
        {"etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
         0644},
        {"etc/group", "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n", 0644},
        {"etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n", 0644},
    };
    for (const auto& f : files)
        if (auto st = writeText(dir / f.path, f.text, f.mode); !st) return st;
    return {};
}

}  // namespace

fs::path hostBusybox() {
    const char* env = std::getenv("JUXTA_BUSYBOX");
    return (env && *env) ? fs::path(env) : fs::path("/bin/busybox");
}

Result<Image> createBusyboxImage(ImageStore& store) {
    const fs::path busybox = hostBusybox();
    struct stat st {};
    if (::stat(busybox.c_str(), &st) < 0)
        return Error::fromErrno("image busybox: " + busybox.string() + " (install Debian's busybox-static)");
    auto isStatic = isStaticElf(busybox);
    if (!isStatic) return isStatic.error().wrap("image busybox");
    if (!*isStatic)
        return Error(ENOEXEC, "image busybox: " + busybox.string() +
                                  " is dynamically linked — install busybox-static");
    // The layer is named after the binary it was made from, so an upgraded busybox makes a new layer.
    const std::string layerId = "busybox-" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtime);
    if (!fs::is_directory(store.layerDir(layerId))) {
        auto staged = store.stagingDir();
        if (!staged) return staged.error().wrap("image busybox");
        if (auto built = buildLayer(busybox, *staged); !built) {
            std::error_code ec;
            fs::remove_all(*staged, ec);
            return built.error().wrap("image busybox");
        }
        if (auto published = store.publishLayer(*staged, layerId); !published)
            return published.error().wrap("image busybox");
    }
    Image image;
    image.name = kBusyboxImage;
    image.layerIds = {layerId};
    image.layerDirs = {store.layerDir(layerId)};
    image.config.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    image.config.cmd = {"sh"};
    if (auto saved = store.saveManifest(image); !saved) return saved.error().wrap("image busybox");
    return image;
}

}  // namespace juxta::images
