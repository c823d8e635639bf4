// Saved comparisons: <dataDir>/comparisons/<id>/result.json (everything) and manifest.json (what
// was asked for, readable without the results).
#include <algorithm>

#include "compare/result.h"
#include "core/atomic_file.h"
#include "core/paths.h"
#include "core/read_file.h"

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;

// Ids name directories: letters, digits, '-', '_', '.', not starting with '.'.
bool isSafeId(const std::string& id) {
    if (id.empty() || id.size() > 128 || id[0] == '.') return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
    });
}

}  // namespace

fs::path comparisonsDir() {
    return paths::dataDir() / "comparisons";
}

Status saveComparison(const Comparison& c) {
    if (!isSafeId(c.id)) return Error(EINVAL, "save comparison: bad id '" + c.id + "'");
    auto dir = paths::ensureDir(comparisonsDir() / c.id);
    if (!dir) return dir.error().wrap("save comparison " + c.id);
    if (auto st = writeFileAtomically(*dir / "manifest.json", toJson(c.manifest) + "\n"); !st)
        return st.error().wrap("save comparison " + c.id);
    if (auto st = writeFileAtomically(*dir / "result.json", toJson(c) + "\n"); !st)
        return st.error().wrap("save comparison " + c.id);
    return {};
}

Result<Comparison> loadComparison(const std::string& id) {
    if (!isSafeId(id)) return Error(EINVAL, "load comparison: bad id '" + id + "'");
    const fs::path file = comparisonsDir() / id / "result.json";
    auto text = readFile(file);
    if (!text && text.error().code() == ENOENT)
        return Error(ENOENT, "no saved comparison '" + id + "' (" + file.string() + ")");
    if (!text) return text.error().wrap("load comparison '" + id + "'");
    auto c = comparisonFromJson(*text);
    if (!c) return c.error().wrap(file.string());
    return c;
}

Result<std::vector<std::string>> listComparisons() {
    std::vector<std::pair<fs::file_time_type, std::string>> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(comparisonsDir(), ec)) {
        const fs::path result = e.path() / "result.json";
        if (auto t = fs::last_write_time(result, ec); !ec) found.push_back({t, e.path().filename().string()});
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> ids;
    for (auto& [t, id] : found) ids.push_back(id);
    return ids;
}

}  // namespace juxta::compare
