// The OCI image config reader (Env, Entrypoint, Cmd, WorkingDir, User, rootfs.diff_ids) and the
// name an image reference turns into, and the numeric forms of its User.
#include "fuzz_support.h"
#include "images/image_user.h"
#include "images/import_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input = juxta::fuzz::text(data, size);
    (void)juxta::images::parseImageConfig(input);
    (void)juxta::images::imageNameFromReference(input);
    (void)juxta::images::numericUser(input, {});  // "uid[:gid]" forms; names need a layer's /etc/passwd
    return 0;
}
