#include "juxtactl/pdf_report.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "compare/child_process.h"
#include "core/unique_fd.h"
#include "instances/detached.h"

extern "C" char** environ;

namespace juxta::cli {
namespace {

namespace fs = std::filesystem;

bool endsWithPdf(const std::string& path) {
    if (path.size() < 4) return false;
    std::string ext = path.substr(path.size() - 4);
    for (char& ch : ext) ch = char(std::tolower((unsigned char)ch));
    return ext == ".pdf";
}

void writeAll(int fd, const std::string& data) {
    for (size_t done = 0; done < data.size();) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the program ended early; its stderr says why
        done += size_t(n);
    }
}

std::string readAll(int fd) {
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        out.append(buf, size_t(n));
    }
    return out;
}

}  // namespace

Status checkReportPath(const std::string& path) {
    const std::string what = "--report '" + path + "': ";
    std::error_code ec;
    if (path.empty() || fs::is_directory(path, ec))
        return Error(EINVAL, what + "is a folder — give a file name, e.g. --report " +
                                 (fs::path(path) / "report.pdf").string());
    if (!endsWithPdf(path)) return Error(EINVAL, what + "the report is a PDF — name it FILE.pdf");
    fs::path folder = fs::path(path).parent_path();
    if (folder.empty()) folder = ".";
    if (!fs::is_directory(folder, ec))
        return Error(EINVAL, what + "no folder " + folder.string() + " — create it first or choose another");
    // Tried, not just asked (access() says yes to root on /proc): a file made there and removed.
    std::string probe = (folder / ".juxta-report-XXXXXX").string();
    UniqueFd fd(::mkstemp(probe.data()));
    if (!fd)
        return Error(EINVAL, what + "cannot write in " + folder.string() + " (" + std::strerror(errno) +
                                 ") — choose a folder you can write");
    ::unlink(probe.c_str());
    return {};
}

Status writePdfReport(const compare::Comparison& comparison, const std::string& path) {
    const fs::path program =
        detached::helperExecutable("juxta-report", "JUXTA_REPORT", JUXTA_REPORT_INSTALLED);
    int in[2], err[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return Error::fromErrno("report: pipe");
    UniqueFd inRead(in[0]), inWrite(in[1]);
    if (::pipe2(err, O_CLOEXEC) != 0) return Error::fromErrno("report: pipe");
    UniqueFd errRead(err[0]), errWrite(err[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, inRead.get(), 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, errWrite.get(), 2);
    std::vector<std::string> args = {program.string(), "-", path};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return Error::fromErrno(
            "report: run " + program.string() + " (build the juxta-report target or set JUXTA_REPORT)", rc);
    inRead.reset();
    errWrite.reset();
    // A program that ends without reading all of its input must not kill us with SIGPIPE.
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    writeAll(inWrite.get(), compare::toJson(comparison));
    inWrite.reset();
    ::sigaction(SIGPIPE, &previous, nullptr);
    const std::string errors = readAll(errRead.get());
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    std::string why = compare::lastLine(errors);
    if (why.rfind("juxta-report: ", 0) == 0) why = why.substr(14);
    return Error(EIO, "report " + path + ": " + (why.empty() ? "juxta-report failed" : why));
}

}  // namespace juxta::cli
