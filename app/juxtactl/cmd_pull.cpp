// juxtactl pull [--platform OS/ARCH[/VARIANT]] [--tls-verify=false] [--creds USER[:PASS]] [--cert-dir DIR]
//               [--name NAME] [--quiet] REF
// juxtactl login [--username U] [--password-stdin] [--tls-verify=false] [--cert-dir DIR] REGISTRY
// juxtactl logout REGISTRY
// Parsing and printing only: images/registry_pull.h pulls, images/registry_auth.h keeps credentials.
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "core/format.h"
#include "images/registry_pull.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"

namespace juxta::cli {
namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t gInterrupted = 0;

// --tls-verify[=true|false], --cert-dir, --creds: how to reach the registry.
Result<images::RegistryOptions> registryOptions(const Args& args) {
    images::RegistryOptions o;
    if (auto v = args.value("--tls-verify")) {
        if (*v != "true" && *v != "false") return Error(EINVAL, "--tls-verify takes true or false");
        o.tlsVerify = *v == "true";
    }
    if (auto d = args.value("--cert-dir")) o.certDir = *d;
    if (auto c = args.value("--creds")) {
        const std::size_t colon = c->find(':');
        images::Credentials creds{c->substr(0, colon),
                                  colon == std::string::npos ? "" : c->substr(colon + 1)};
        if (creds.username.empty()) return Error(EINVAL, "--creds needs USER[:PASSWORD]");
        o.credentials = creds;
    }
    return o;
}

// The password: from stdin (--password-stdin, or not a terminal), else asked for without echo.
Result<std::string> readPassword(bool fromStdin) {
    std::string password;
    if (fromStdin || !::isatty(STDIN_FILENO)) {
        std::getline(std::cin, password);
        return password;
    }
    std::fprintf(stderr, "Password: ");
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, password);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
    return password;
}

std::string shortDigest(const std::string& digest) {
    return digest.size() > 19 ? digest.substr(7, 12) : digest;
}

// On a terminal: a line per layer (bytes, rate, time left) and a total, redrawn in place. Else a
// line when a layer is done or found present.
class ProgressPrinter {
  public:
    explicit ProgressPrinter(bool quiet) : quiet_(quiet), tty_(::isatty(STDOUT_FILENO) != 0) {}
    void operator()(const images::PullProgress& p) {
        if (quiet_) return;
        if (!tty_) return printLines(p);
        const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        std::string out;
        if (drawn_ > 0) out += "\033[" + std::to_string(drawn_) + "F";  // back to the first line
        std::int64_t done = 0, total = 0;
        for (std::size_t i = 0; i < p.layers.size(); ++i) {
            const auto& l = p.layers[i];
            if (l.phase != images::LayerPhase::Present) {
                done += l.done;
                total += l.size;
            }
            char line[200];
            std::snprintf(line, sizeof line, "\033[2K%s  %-13s %s\n", shortDigest(l.digest).c_str(),
                          images::describe(l.phase), bar(l.done, l.size, l.phase).c_str());
            out += line;
        }
        const double rate = seconds > 0 ? double(done - startBytes(p)) / seconds : 0;
        const double left = rate > 0 ? double(total - done) / rate : 0;
        char line[200];
        std::snprintf(line, sizeof line, "\033[2Ktotal          %s / %s  %s/s  %s\n",
                      format::bytes(double(done)).c_str(), format::bytes(double(total)).c_str(),
                      format::bytes(rate).c_str(),
                      p.finished     ? "done"
                      : p.extracting ? "extracting"
                                     : (rate > 0 ? std::to_string(int(left + 0.5)) + " s left" : "").c_str());
        out += line;
        drawn_ = int(p.layers.size()) + 1;
        std::fputs(out.c_str(), stdout);
        std::fflush(stdout);
    }

  private:
    std::int64_t startBytes(const images::PullProgress& p) {
        if (!initial_) {
            initial_ = 0;
            for (const auto& l : p.layers) *initial_ += l.phase == images::LayerPhase::Present ? 0 : l.done;
        }
        return *initial_;
    }
    static std::string bar(std::int64_t done, std::int64_t size, images::LayerPhase phase) {
        if (phase == images::LayerPhase::Present) return "";
        const int width = 30;
        const int filled = size > 0 ? int(double(done) / double(size) * width) : width;
        return "[" + std::string(std::size_t(filled), '=') + std::string(std::size_t(width - filled), ' ') +
               "] " + format::bytes(double(done)) + " / " + format::bytes(double(size));
    }
    void printLines(const images::PullProgress& p) {
        if (reported_.size() != p.layers.size())
            reported_.assign(p.layers.size(), images::LayerPhase::Waiting);
        for (std::size_t i = 0; i < p.layers.size(); ++i) {
            const auto& l = p.layers[i];
            const bool tell =
                (l.phase == images::LayerPhase::Present || l.phase == images::LayerPhase::Downloaded ||
                 l.phase == images::LayerPhase::Done) &&
                reported_[i] != l.phase &&
                !(l.phase == images::LayerPhase::Done && reported_[i] == images::LayerPhase::Present);
            if (!tell) continue;
            reported_[i] = l.phase;
            if (l.phase == images::LayerPhase::Done) continue;  // said when it was downloaded
            std::printf("layer %zu/%zu %s: %s (%s)\n", i + 1, p.layers.size(), shortDigest(l.digest).c_str(),
                        images::describe(l.phase), format::bytes(double(l.size)).c_str());
        }
        std::fflush(stdout);
    }

    bool quiet_, tty_;
    int drawn_ = 0;
    Clock::time_point start_ = Clock::now();
    std::optional<std::int64_t> initial_;
    std::vector<images::LayerPhase> reported_;
};

}  // namespace

int cmdPull(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--quiet", "-q"},
                                   .options = {"--platform", "--tls-verify", "--creds", "--cert-dir",
                                               "--name", "--max-size", "--min-free"}});
    if (!args) return usageError(args.error().message(), "pull");
    if (args->positionals().size() != 1)
        return usageError(args->positionals().empty() ? "missing REF" : "one REF at a time", "pull");
    auto ref = images::parseReference(args->positionals()[0]);
    if (!ref) return usageError(ref.error().message(), "pull");
    images::PullOptions options;
    auto registry = registryOptions(*args);
    if (!registry) return usageError(registry.error().message(), "pull");
    options.registry = *registry;
    if (auto p = args->value("--platform")) {
        auto platform = images::parsePlatform(*p);
        if (!platform) return usageError(platform.error().message(), "pull");
        options.platform = *platform;
    }
    options.name = args->value("--name").value_or("");
    auto limits = importLimits(*args);
    if (!limits) return usageError(limits.error().message(), "pull");
    options.limits = *limits;
    // Ctrl-C stops the transfers; what was downloaded stays for the next pull to resume.
    struct sigaction sa {};
    sa.sa_handler = [](int) { gInterrupted = 1; };
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    options.registry.cancelled = [] { return gInterrupted != 0; };
    const bool quiet = args->has("--quiet") || args->has("-q");
    ProgressPrinter printer(quiet);
    const auto start = Clock::now();
    auto store = images::ImageStore::atDefaultLocation();
    auto pulled =
        images::pullImage(store, *ref, options, [&printer](const images::PullProgress& p) { printer(p); });
    if (!pulled) return fail(pulled.error().message(), gInterrupted ? 130 : 1);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (quiet) {
        std::printf("%s\n", pulled->image.origin.digest.c_str());
        return 0;
    }
    std::printf(
        "pulled %s as %s: %zu layers (%d fetched, %s in %.1f s — download %.1f s, unpack %.1f s; %d already "
        "here), %s\n",
        ref->familiar().c_str(), pulled->image.name.c_str(), pulled->image.layerIds.size(),
        pulled->layersFetched, format::bytes(double(pulled->bytesFetched)).c_str(), seconds,
        pulled->downloadSeconds, pulled->unpackSeconds, pulled->layersPresent,
        pulled->image.origin.digest.c_str());
    return 0;
}

int cmdLogin(const Argv& argv) {
    auto args = Args::parse(
        argv, {.flags = {"--password-stdin"},
               .options = {"--username", "-u", "--password", "-p", "--tls-verify", "--cert-dir"}});
    if (!args) return usageError(args.error().message(), "login");
    if (args->positionals().size() != 1) return usageError("missing REGISTRY", "login");
    auto registry = registryOptions(*args);
    if (!registry) return usageError(registry.error().message(), "login");
    auto ref = images::parseReference(args->positionals()[0] + "/juxta-login-check");
    if (!ref) return usageError("'" + args->positionals()[0] + "' is not a registry (HOST[:PORT])", "login");
    std::string user = args->value("--username").value_or(args->value("-u").value_or(""));
    if (user.empty()) {
        if (!::isatty(STDIN_FILENO))
            return usageError("--username is needed when stdin is no terminal", "login");
        std::fprintf(stderr, "Username: ");
        std::getline(std::cin, user);
    }
    std::string password = args->value("--password").value_or(args->value("-p").value_or(""));
    if (password.empty()) {
        auto read = readPassword(args->has("--password-stdin"));
        if (!read) return fail(read.error().message());
        password = *read;
    }
    registry->credentials = images::Credentials{user, password};
    auto client = images::RegistryClient::connect(*ref, *registry);
    if (!client) return fail(client.error().message());
    if (Status s = (*client)->checkLogin(); !s) return fail(s.error().message());
    const auto file = images::authFileToWrite();
    if (Status s = images::storeCredentials(file, ref->registry, {user, password}); !s)
        return fail(s.error().message());
    std::printf("Login succeeded: %s as %s (saved in %s)\n", ref->registry.c_str(), user.c_str(),
                file.c_str());
    return 0;
}

int cmdLogout(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "logout");
    if (args->positionals().size() != 1) return usageError("missing REGISTRY", "logout");
    auto ref = images::parseReference(args->positionals()[0] + "/juxta-login-check");
    if (!ref) return usageError("'" + args->positionals()[0] + "' is not a registry (HOST[:PORT])", "logout");
    const auto file = images::authFileToWrite();
    if (Status s = images::removeCredentials(file, ref->registry); !s) return fail(s.error().message());
    std::printf("Removed the login for %s from %s\n", ref->registry.c_str(), file.c_str());
    return 0;
}

}  // namespace juxta::cli
