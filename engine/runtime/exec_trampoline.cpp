#include "runtime/exec_trampoline.h"

#include "core/sealed_exe.h"

namespace juxta::runtime {
namespace {

#include "exec_trampoline_bytes.inc"  // kExecTrampoline: the program's bytes

}  // namespace

Result<UniqueFd> sealedExecTrampoline() {
    return sealedMemfdOf("juxta-exec-trampoline", kExecTrampoline, sizeof kExecTrampoline);
}

std::vector<std::string> execTrampolineArgs(int channelFd, const std::string& context,
                                            const std::vector<std::string>& searchPath,
                                            const std::vector<std::string>& args) {
    std::string path;
    for (const auto& dir : searchPath) path += (path.empty() ? "" : ":") + dir;
    std::vector<std::string> argv = {"juxta-exec-trampoline", std::to_string(channelFd), context, path};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

}  // namespace juxta::runtime
