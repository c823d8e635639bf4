#include "images/platform.h"

#include <cerrno>

namespace juxta::images {

Platform hostPlatform() {
    Platform p;
#if defined(__x86_64__)
    p.architecture = "amd64";
#elif defined(__aarch64__)
    p.architecture = "arm64";
#endif
    return p;
}

Result<Platform> parsePlatform(std::string_view text) {
    Platform p;
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const std::size_t slash = text.find('/', start);
        parts.emplace_back(text.substr(start, slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (parts.size() == 1) parts.insert(parts.begin(), "linux");
    if (parts.size() > 3)
        return Error(EINVAL, "'" + std::string(text) + "' is not a platform (OS/ARCH[/VARIANT])");
    for (const std::string& part : parts) {
        if (part.empty() || part.size() > 32)
            return Error(EINVAL, "'" + std::string(text) + "' is not a platform (OS/ARCH[/VARIANT])");
        for (char c : part)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                return Error(EINVAL, "'" + std::string(text) + "' is not a platform (OS/ARCH[/VARIANT])");
    }
    p.os = parts[0];
    p.architecture = parts[1];
    if (parts.size() == 3) p.variant = parts[2];
    return p;
}

Status runsHere(const Platform& p) {
    const Platform host = hostPlatform();
    if (p.os != "linux") return Error(ENOTSUP, p.str() + " images do not run on Linux");
    if (p.architecture != host.architecture)
        return Error(ENOTSUP,
                     p.str() + " images do not run on this " + host.architecture +
                         " machine: Juxta runs containers and VMs natively and emulates no other CPU");
    return {};
}

Result<JsonReader> pickManifest(const JsonReader& index, const Platform& wanted) {
    const std::vector<JsonReader> manifests = index.field("manifests").elements();
    if (Status s = index.status(); !s) return s.error();
    if (manifests.empty()) return Error(EINVAL, "the index lists no manifests");
    const JsonReader* loose = nullptr;  // the same OS and architecture, another variant
    for (const JsonReader& m : manifests) {
        const JsonReader p = m.field("platform");
        if (!p.present()) continue;
        if (p.string("os", "") != wanted.os || p.string("architecture", "") != wanted.architecture) continue;
        const std::string variant = p.string("variant", "");
        if (wanted.variant.empty() || variant == wanted.variant) return m;
        if (!loose) loose = &m;
    }
    if (Status s = index.status(); !s) return s.error();
    if (loose && wanted.variant.empty()) return *loose;
    for (const JsonReader& m : manifests)
        if (!m.field("platform").present()) return m;
    if (manifests.size() == 1 && !manifests[0].field("platform").present()) return manifests[0];
    std::string offered;
    for (const JsonReader& m : manifests) {
        const JsonReader p = m.field("platform");
        if (!p.present()) continue;
        std::string one =
            p.string("os", "?").substr(0, 32) + "/" + p.string("architecture", "?").substr(0, 32);
        if (const std::string v = p.string("variant", ""); !v.empty()) one += "/" + v.substr(0, 32);
        if (offered.find(one) == std::string::npos && offered.size() < 400)
            offered += (offered.empty() ? "" : ", ") + one;
    }
    if (Status s = index.status(); !s) return s.error();
    for (char& ch : offered)  // the registry's words, printable only
        if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) ch = '?';
    return Error(ENOTSUP, "the image has no manifest for " + wanted.str() + " (it has " +
                              (offered.empty() ? std::string("none with a platform") : offered) + ")");
}

}  // namespace juxta::images
