#pragma once
// A real registry for the tests: Debian's docker-registry (Distribution 2.8) started on 127.0.0.1
// with TLS — a CA and a server certificate made here with openssl, which the client is given the way
// Podman's certs.d works (a directory holding ca.crt) — and, when asked, htpasswd Basic auth or token
// auth: token_server.py (beside this file) on another port signs the JWTs the registry verifies
// (RS256, the signing certificate in x5c, the registry's rootcertbundle). Images are pushed into it
// with Debian's skopeo. Stopped (and its files removed with the directory given) when it goes.
#include <QProcess>
#include <QString>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/program_run.h"

namespace juxta::testing {

class LocalRegistry {
  public:
    LocalRegistry() = default;
    ~LocalRegistry();
    LocalRegistry(const LocalRegistry&) = delete;
    LocalRegistry& operator=(const LocalRegistry&) = delete;

    enum class Auth { None, Basic, Token };
    // Empty when it runs; else why it cannot (a program missing: the test says which package).
    std::string start(const std::filesystem::path& dir, Auth auth);
    void stop();
    std::string restart();  // the same port, the same storage
    void kill();            // SIGKILL, as a crash would (restart() brings it back)

    QString host() const { return QStringLiteral("127.0.0.1:%1").arg(port_); }
    int port() const { return port_; }
    // Holds ca.crt: what /etc/containers/certs.d/HOST:PORT/ would.
    std::filesystem::path certDir() const { return dir_ / "certs.d"; }
    QString user() const { return QStringLiteral("juxta"); }
    QString password() const { return QStringLiteral("s3cret-pw"); }
    QString creds() const { return user() + ":" + password(); }

    // skopeo copy --all of an OCI layout directory to HOST/repoTag ("test/app:1").
    ProgramRun push(const std::filesystem::path& layout, const QString& repoTag) const;
    // The token server's requests so far (Auth::Token): one JSON line each, {user, scope, status}.
    std::vector<std::string> tokenRequests() const;
    // Where the registry keeps a blob's bytes ("sha256:<hex>").
    std::filesystem::path blobFile(const std::string& digest) const;

  private:
    std::string launch();
    std::string logTail() const;  // the end of its log, for a message
    std::string startTokenServer();
    int tokenPort_ = 0;
    std::filesystem::path dir_;
    int port_ = 0;
    Auth auth_ = Auth::None;
    std::unique_ptr<QProcess> process_;
    std::unique_ptr<QProcess> tokenServer_;
};

// A program beside this file in tests/support ("oversized_registry.py"), by its path in the source tree.
std::filesystem::path supportFile(const std::string& name);

}  // namespace juxta::testing
