#include "images/reference.h"

#include <cerrno>

#include "images/digest.h"

namespace juxta::images {
namespace {

constexpr const char* kDockerHub = "docker.io";

bool lowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// One path component: alphanumerics joined by '.', '_', "__" or one or more '-'.
bool validComponent(std::string_view c) {
    if (c.empty() || !lowerAlnum(c.front()) || !lowerAlnum(c.back())) return false;
    for (std::size_t i = 0; i < c.size();) {
        if (lowerAlnum(c[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < c.size() && !lowerAlnum(c[j])) ++j;
        const std::string_view sep = c.substr(i, j - i);
        const bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
        if (!(sep == "." || sep == "_" || sep == "__" || dashes)) return false;
        i = j;
    }
    return true;
}

// A host name or address, optionally with a port: letters, digits, '-', '.', one ':' before digits.
bool validRegistry(std::string_view r) {
    const std::size_t colon = r.find(':');
    const std::string_view host = r.substr(0, colon);
    if (host.empty() || host.front() == '-' || host.front() == '.' || host.back() == '-' ||
        host.back() == '.')
        return false;
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '.'))
            return false;
    if (colon == std::string_view::npos) return true;
    const std::string_view port = r.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    for (char c : port)
        if (c < '0' || c > '9') return false;
    return true;
}

bool validTag(std::string_view t) {
    if (t.empty() || t.size() > 128) return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        const bool word =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!word && (i == 0 || (c != '.' && c != '-'))) return false;
    }
    return true;
}

Error invalid(std::string_view text, const std::string& why) {
    return Error(EINVAL, "'" + std::string(text) + "' is not an image reference: " + why);
}

}  // namespace

Result<Reference> parseReference(std::string_view text) {
    if (text.empty()) return invalid(text, "it is empty");
    if (text.size() > 512) return invalid(text.substr(0, 64), "it is longer than 512 characters");
    Reference ref;
    std::string_view rest = text;
    if (const std::size_t at = rest.find('@'); at != std::string_view::npos) {
        ref.digest = std::string(rest.substr(at + 1));
        if (auto hex = parseDigest(ref.digest); !hex)
            return invalid(text, "the digest is not sha256:<64 lowercase hex digits>");
        rest = rest.substr(0, at);
    }
    const std::size_t slash = rest.find('/');
    if (slash != std::string_view::npos) {
        const std::string_view first = rest.substr(0, slash);
        if (first.find_first_of(".:") != std::string_view::npos || first == "localhost") {
            if (!validRegistry(first))
                return invalid(text, "'" + std::string(first) + "' is not a registry host");
            ref.registry = std::string(first);
            rest = rest.substr(slash + 1);
        }
    }
    if (ref.registry.empty() || ref.registry == "index.docker.io" || ref.registry == "registry-1.docker.io")
        ref.registry = kDockerHub;
    const std::size_t lastSlash = rest.rfind('/');
    if (const std::size_t colon = rest.rfind(':');
        colon != std::string_view::npos && (lastSlash == std::string_view::npos || colon > lastSlash)) {
        const std::string_view tag = rest.substr(colon + 1);
        if (!validTag(tag)) return invalid(text, "'" + std::string(tag) + "' is not a tag");
        ref.tag = std::string(tag);
        rest = rest.substr(0, colon);
    }
    if (rest.empty()) return invalid(text, "it names no repository");
    if (rest.size() > 255) return invalid(text, "the repository name is longer than 255 characters");
    for (std::size_t start = 0;;) {
        const std::size_t end = rest.find('/', start);
        const std::string_view component = rest.substr(start, end - start);
        if (!validComponent(component))
            return invalid(text, "'" + std::string(component) +
                                     "' is not a repository name (lowercase letters and digits, "
                                     "separated by '.', '_' or '-')");
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    ref.repository = std::string(rest);
    if (ref.registry == kDockerHub && ref.repository.find('/') == std::string::npos)
        ref.repository = "library/" + ref.repository;
    if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
    return ref;
}

std::string Reference::apiHost() const {
    return registry == kDockerHub ? "registry-1.docker.io" : registry;
}

std::string Reference::str() const {
    std::string s = registry + "/" + repository;
    if (!tag.empty()) s += ":" + tag;
    if (!digest.empty()) s += "@" + digest;
    return s;
}

std::string Reference::familiar() const {
    std::string s;
    if (registry != kDockerHub)
        s = registry + "/" + repository;
    else
        s = repository.rfind("library/", 0) == 0 ? repository.substr(8) : repository;
    if (!tag.empty()) s += ":" + tag;
    if (!digest.empty()) s += "@" + digest;
    return s;
}

}  // namespace juxta::images
