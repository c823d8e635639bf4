#include "core/run_program.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/unique_fd.h"

extern char** environ;

namespace juxta {

Result<ProgramOutput> runProgram(const std::vector<std::string>& args, bool mergeStderr,
                                 std::size_t maxOutput) {
    if (args.empty()) return Error(EINVAL, "runProgram: no program");
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) < 0) return Error::fromErrno("pipe for " + args[0]);
    UniqueFd readEnd(out[0]), writeEnd(out[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), STDOUT_FILENO);
    if (mergeStderr) posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), STDERR_FILENO);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return Error(rc, "run " + args[0] + ": " + std::strerror(rc));
    writeEnd.reset();
    ProgramOutput result;
    char buf[8192];
    for (ssize_t n; (n = ::read(readEnd.get(), buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        if (result.output.size() < maxOutput)
            result.output.append(buf, std::min(std::size_t(n), maxOutput - result.output.size()));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string lastLineOf(const std::string& output) {
    std::size_t end = output.find_last_not_of(" \n\r\t");
    if (end == std::string::npos) return {};
    const std::size_t start = output.rfind('\n', end);
    return output.substr(start == std::string::npos ? 0 : start + 1,
                         end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace juxta
