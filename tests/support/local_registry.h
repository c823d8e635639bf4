#pragma once
// A real registry for the tests: Debian's docker-registry (Distribution 2.8) started on 127.0.0.1
// with TLS — a CA and a server certificate made here with openssl, which the client is given the way
// Podman's certs.d works (a directory holding ca.crt) — and, when asked, htpasswd Basic auth. Images
// are pushed into it with Debian's skopeo. Stopped (and its files removed with the directory given)
// when the object goes.
#include <QProcess>
#include <QString>
#include <filesystem>
#include <memory>
#include <string>

#include "support/program_run.h"

namespace juxta::testing {

class LocalRegistry {
  public:
    LocalRegistry() = default;
    ~LocalRegistry();
    LocalRegistry(const LocalRegistry&) = delete;
    LocalRegistry& operator=(const LocalRegistry&) = delete;

    // Empty when it runs; else why it cannot (a program missing: the test says which package).
    std::string start(const std::filesystem::path& dir, bool withPassword);
    void stop();
    std::string restart();  // the same port, the same storage

    QString host() const { return QStringLiteral("127.0.0.1:%1").arg(port_); }
    // Holds ca.crt: what /etc/containers/certs.d/HOST:PORT/ would.
    std::filesystem::path certDir() const { return dir_ / "certs.d"; }
    QString user() const { return QStringLiteral("juxta"); }
    QString password() const { return QStringLiteral("s3cret-pw"); }
    QString creds() const { return user() + ":" + password(); }

    // skopeo copy --all of an OCI layout directory to HOST/repoTag ("test/app:1").
    ProgramRun push(const std::filesystem::path& layout, const QString& repoTag) const;
    // Where the registry keeps a blob's bytes ("sha256:<hex>").
    std::filesystem::path blobFile(const std::string& digest) const;

  private:
    std::string launch();
    std::string logTail() const;  // the end of its log, for a message
    std::filesystem::path dir_;
    int port_ = 0;
    bool password_ = false;
    std::unique_ptr<QProcess> process_;
};

}  // namespace juxta::testing
