#include "images/import_plan.h"

#include <cctype>
#include <cerrno>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "images/digest.h"
#include "images/image_config.h"
#include "images/image_store.h"

namespace juxta::images {

Result<ParsedConfig> parseImageConfig(const std::string& text) {
    auto j = parseBoundedJson(text, kImageJsonLimits, "image config");
    if (!j) return j.error();
    if (!j->is_object()) return Error(EINVAL, "image config is not a JSON object");
    const JsonReader root(*j, "image config");
    // A config without "config" (or with null) has no defaults to give; anything else must be an object.
    ParsedConfig out;
    out.config = readImageConfig(root.field("config"));
    std::vector<std::string> diffIds = root.field("rootfs").field("diff_ids").asStrings();
    out.created = root.string("created", "");
    if (out.created.size() > 64) out.created.clear();
    if (Status s = root.status(); !s) return s.error();
    for (const std::string& d : diffIds) {
        auto hex = parseDigest(d);
        if (!hex) return hex.error().wrap("image config rootfs.diff_ids");
        out.diffHexes.push_back(*hex);
    }
    return out;
}

std::string imageNameFromReference(const std::string& reference) {
    std::string repo = reference, tag;
    const std::size_t slash = repo.rfind('/');
    if (const std::size_t colon = repo.rfind(':');
        colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        tag = repo.substr(colon + 1);
        repo.erase(colon);
    }
    if (slash != std::string::npos) repo = repo.substr(slash + 1);
    std::string name = repo + (tag.empty() || tag == "latest" ? "" : "-" + tag);
    for (char& c : name) {
        c = char(std::tolower(static_cast<unsigned char>(c)));
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '-';
    }
    return isValidImageName(name) ? name : std::string();
}

}  // namespace juxta::images
