#include "core/host_kvm.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/read_file.h"

namespace juxta {
namespace fs = std::filesystem;

namespace {

// The first "flags" line of /proc/cpuinfo, padded with spaces so " vmx " finds a whole word.
std::string cpuFlags(const fs::path& root) {
    const std::string cpuinfo = readFile(root / "proc/cpuinfo").value_or("");
    for (std::size_t at = 0; at < cpuinfo.size();) {
        std::size_t eol = cpuinfo.find('\n', at);
        if (eol == std::string::npos) eol = cpuinfo.size();
        const std::string_view line(cpuinfo.data() + at, eol - at);
        if (line.rfind("flags", 0) == 0)
            if (const std::size_t colon = line.find(':'); colon != std::string_view::npos)
                return " " + std::string(line.substr(colon + 1)) + " ";
        at = eol + 1;
    }
    return {};
}

}  // namespace

std::string toString(KvmKind kind) {
    switch (kind) {
        case KvmKind::Absent:
            return "absent";
        case KvmKind::NoPermission:
            return "no-permission";
        case KvmKind::Hardware:
            return "hardware";
        case KvmKind::Pvm:
            return "pvm";
        case KvmKind::Unknown:
            return "unknown";
    }
    return "unknown";
}

HostKvm probeKvm(const fs::path& root) {
    HostKvm h;
    const std::string flags = cpuFlags(root);
    const bool vmx = flags.find(" vmx ") != std::string::npos;
    const bool svm = flags.find(" svm ") != std::string::npos;
    h.vendor = vmx ? "Intel VT-x" : svm ? "AMD-V" : "";
    std::error_code ec;
    const bool pvm = fs::exists(root / "sys/module/kvm_pvm", ec);
    const fs::path dev = root / "dev/kvm";
    struct stat st {};
    if (::stat(dev.c_str(), &st) != 0) {
        h.kind = KvmKind::Absent;
        h.detail =
            "no /dev/kvm: VMs cannot run — enable virtualization (VT-x/AMD-V) in the firmware and "
            "load kvm_intel or kvm_amd";
        return h;
    }
    const int fd = ::open(dev.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        h.kind = KvmKind::NoPermission;
        h.detail =
            std::string("/dev/kvm: ") + std::strerror(err) +
            (err == EACCES ? " — add yourself to group kvm (sudo usermod -aG kvm $USER) and log in again"
                           : " — check the kvm module");
        if (pvm) h.detail += " (and it is PVM: only PVM-enabled guest kernels run at speed)";
        return h;
    }
    ::close(fd);
    if (pvm) {
        h.kind = KvmKind::Pvm;
        h.detail =
            "PVM (kvm_pvm, software nested virtualization): only PVM-enabled guest kernels run at "
            "speed; stock Linux guests are emulated and cannot boot here";
    } else if (vmx || svm) {
        h.kind = KvmKind::Hardware;
        h.stockGuestsBoot = true;
        h.detail = "hardware virtualization (" + h.vendor + ")";
    } else {
        h.kind = KvmKind::Unknown;
        h.detail = "/dev/kvm opens, but the CPU shows neither vmx nor svm and no PVM module is loaded";
    }
    return h;
}

}  // namespace juxta
