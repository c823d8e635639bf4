#include "runtime/cgroup.h"

#include <linux/magic.h>
#include <sys/statfs.h>

#include <cerrno>

#include "runtime/cgroup_v1.h"
#include "runtime/cgroup_v2.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

Result<CgroupVersion> detectCgroupVersion(const fs::path& root) {
    struct statfs st {};
    if (::statfs(root.c_str(), &st) < 0) return Error::fromErrno("cgroups: statfs " + root.string());
    if (st.f_type == CGROUP2_SUPER_MAGIC) return CgroupVersion::V2;
    std::error_code ec;
    if (fs::exists(root / "memory", ec) || fs::exists(root / "pids", ec)) return CgroupVersion::V1;
    return Error(ENOENT, "cgroups: neither a cgroup2 mount nor cgroup v1 hierarchies at " + root.string());
}

Result<std::unique_ptr<Cgroup>> createCgroup(const std::string& id, const fs::path& root) {
    auto version = detectCgroupVersion(root);
    if (!version) return version.error();
    return createCgroup(id, root, *version);
}

namespace {

template <typename Backend>
Result<std::unique_ptr<Cgroup>> asCgroup(Result<std::unique_ptr<Backend>> backend) {
    if (!backend) return backend.error();
    return std::unique_ptr<Cgroup>(std::move(backend.value()));
}

}  // namespace

Result<std::unique_ptr<Cgroup>> createCgroup(const std::string& id, const fs::path& root,
                                             CgroupVersion version) {
    if (version == CgroupVersion::None) return Error(EINVAL, "cgroups: no version to create " + id + " with");
    return version == CgroupVersion::V2 ? asCgroup(CgroupV2::create(id, root))
                                        : asCgroup(CgroupV1::create(id, root));
}

Result<std::unique_ptr<Cgroup>> openCgroup(const std::string& id, const fs::path& root) {
    auto version = detectCgroupVersion(root);
    if (!version) return version.error();
    return *version == CgroupVersion::V2 ? asCgroup(CgroupV2::open(id, root))
                                         : asCgroup(CgroupV1::open(id, root));
}

}  // namespace juxta::runtime
