#include "support/local_registry.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QStandardPaths>
#include <QThread>
#include <fstream>

namespace juxta::testing {
namespace fs = std::filesystem;

namespace {

// A port nothing listens on now (bound, read, closed: the registry binds it a moment later).
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

bool listening(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(std::uint16_t(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
}

std::string ran(const ProgramRun& r, const char* what) {
    return r.code == 0 ? std::string() : std::string(what) + " failed: " + r.err.toStdString();
}

}  // namespace

LocalRegistry::~LocalRegistry() {
    stop();
}

std::string LocalRegistry::start(const fs::path& dir, Auth auth) {
    for (const char* program : {"docker-registry", "skopeo", "openssl", "python3"})
        if (QStandardPaths::findExecutable(program).isEmpty())
            return std::string("no ") + program +
                   " (Debian: apt install docker-registry skopeo openssl python3)";
    dir_ = dir;
    auth_ = auth;
    fs::create_directories(certDir());
    fs::create_directories(dir_ / "storage");
    const QString d = QString::fromStdString(dir_.string());
    write(dir_ / "san.cnf", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    if (auto e = ran(runProgram("openssl",
                                {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/ca.key",
                                 "-out", d + "/certs.d/ca.crt", "-days", "2", "-subj", "/CN=Juxta test CA"}),
                     "openssl (CA)");
        !e.empty())
        return e;
    if (auto e =
            ran(runProgram("openssl", {"req", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/server.key",
                                       "-out", d + "/server.csr", "-subj", "/CN=127.0.0.1"}),
                "openssl (request)");
        !e.empty())
        return e;
    if (auto e =
            ran(runProgram("openssl", {"x509", "-req", "-in", d + "/server.csr", "-CA", d + "/certs.d/ca.crt",
                                       "-CAkey", d + "/ca.key", "-CAcreateserial", "-out", d + "/server.crt",
                                       "-days", "2", "-extfile", d + "/san.cnf"}),
                "openssl (certificate)");
        !e.empty())
        return e;
    if (auth == Auth::Basic) {
        // Distribution reads bcrypt hashes only; libcrypt makes them (through Python's crypt).
        auto hash =
            runProgram("python3", {"-W", "ignore", "-c",
                                   "import crypt,sys; print(sys.argv[1] + ':' + crypt.crypt(sys.argv[2], "
                                   "crypt.mksalt(crypt.METHOD_BLOWFISH)))",
                                   user(), password()});
        if (hash.code != 0) return "bcrypt hash: " + hash.err.toStdString();
        write(dir_ / "htpasswd", hash.out.toStdString());
    }
    port_ = freePort();
    std::string config =
        "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n"
        "    rootdirectory: " +
        (dir_ / "storage").string() + "\n  delete:\n    enabled: true\n" +
        "http:\n  addr: 127.0.0.1:" + std::to_string(port_) +
        "\n  tls:\n    certificate: " + (dir_ / "server.crt").string() +
        "\n    key: " + (dir_ / "server.key").string() + "\n";
    if (auth == Auth::Basic)
        config +=
            "auth:\n  htpasswd:\n    realm: juxta-test\n    path: " + (dir_ / "htpasswd").string() + "\n";
    if (auth == Auth::Token) {
        if (auto e = startTokenServer(); !e.empty()) return e;
        config +=
            "auth:\n  token:\n    realm: https://127.0.0.1:" + std::to_string(tokenPort_) +
            "/token\n    service: juxta-test-registry\n    issuer: juxta-test-tokens\n    rootcertbundle: " +
            (dir_ / "token.crt").string() + "\n";
    }
    write(dir_ / "config.yml", config);
    return launch();
}

std::string LocalRegistry::launch() {
    process_ = std::make_unique<QProcess>();
    process_->setProcessChannelMode(QProcess::MergedChannels);  // its log: registry.log
    process_->setStandardOutputFile(QString::fromStdString((dir_ / "registry.log").string()),
                                    QIODevice::Append);
    // Distribution reads REGISTRY_* variables as configuration (REGISTRY_AUTH_FILE, which Podman
    // reads for credentials, would be its auth section): none of the caller's reach it.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys())
        if (key.startsWith(QLatin1String("REGISTRY_"))) env.remove(key);
    process_->setProcessEnvironment(env);
    process_->start("docker-registry", {"serve", QString::fromStdString((dir_ / "config.yml").string())});
    if (!process_->waitForStarted(5000)) return "docker-registry did not start";
    for (int i = 0; i < 200; ++i) {
        if (listening(port_)) return {};
        if (process_->state() != QProcess::Running) return "docker-registry exited at start: " + logTail();
        QThread::msleep(50);
    }
    return "docker-registry does not listen on " + host().toStdString() + " after 10 s: " + logTail();
}

std::string LocalRegistry::logTail() const {
    std::ifstream in(dir_ / "registry.log");
    const std::string log((std::istreambuf_iterator<char>(in)), {});
    return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
}

std::string LocalRegistry::startTokenServer() {
    const QString d = QString::fromStdString(dir_.string());
    if (auto e = ran(runProgram("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                            d + "/token.key", "-out", d + "/token.crt", "-days", "2", "-subj",
                                            "/CN=Juxta test token signer"}),
                     "openssl (token signer)");
        !e.empty())
        return e;
    tokenPort_ = freePort();
    tokenServer_ = std::make_unique<QProcess>();
    tokenServer_->setProcessChannelMode(QProcess::MergedChannels);
    tokenServer_->setStandardOutputFile(d + "/token-server.log", QIODevice::Append);
    tokenServer_->start("python3", {QStringLiteral(JUXTA_TEST_SUPPORT_DIR "/token_server.py"),
                                    "--port",
                                    QString::number(tokenPort_),
                                    "--cert",
                                    d + "/server.crt",
                                    "--key",
                                    d + "/server.key",
                                    "--sign-key",
                                    d + "/token.key",
                                    "--sign-cert",
                                    d + "/token.crt",
                                    "--issuer",
                                    "juxta-test-tokens",
                                    "--service",
                                    "juxta-test-registry",
                                    "--user",
                                    user(),
                                    "--password",
                                    password(),
                                    "--log",
                                    d + "/token-requests.log"});
    if (!tokenServer_->waitForStarted(5000)) return "the token server did not start";
    for (int i = 0; i < 200; ++i) {
        if (listening(tokenPort_)) return {};
        if (tokenServer_->state() != QProcess::Running) return "the token server exited at start";
        QThread::msleep(50);
    }
    return "the token server does not listen after 10 s";
}

std::vector<std::string> LocalRegistry::tokenRequests() const {
    std::vector<std::string> lines;
    std::ifstream in(dir_ / "token-requests.log");
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void LocalRegistry::stop() {
    if (tokenServer_ && tokenServer_->state() == QProcess::Running) {
        tokenServer_->kill();
        tokenServer_->waitForFinished(2000);
    }
    if (!process_ || process_->state() != QProcess::Running) return;
    process_->terminate();
    if (!process_->waitForFinished(5000)) {
        process_->kill();
        process_->waitForFinished(2000);
    }
}

void LocalRegistry::kill() {
    if (!process_ || process_->state() != QProcess::Running) return;
    process_->kill();
    process_->waitForFinished(5000);
}

std::string LocalRegistry::restart() {
    stop();
    return launch();
}

ProgramRun LocalRegistry::push(const fs::path& layout, const QString& repoTag) const {
    QStringList args = {"copy", "--all", "--quiet", "--dest-cert-dir",
                        QString::fromStdString(certDir().string())};
    if (auth_ != Auth::None) args << "--dest-creds" << creds();
    args << "oci:" + QString::fromStdString(layout.string()) << "docker://" + host() + "/" + repoTag;
    return runProgram("skopeo", args, std::chrono::seconds(120));
}

fs::path LocalRegistry::blobFile(const std::string& digest) const {
    const std::string hex = digest.substr(7);
    return dir_ / "storage/docker/registry/v2/blobs/sha256" / hex.substr(0, 2) / hex / "data";
}

std::filesystem::path supportFile(const std::string& name) {
    return std::filesystem::path(JUXTA_TEST_SUPPORT_DIR) / name;
}

}  // namespace juxta::testing
