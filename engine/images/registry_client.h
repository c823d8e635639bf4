#pragma once
// One registry repository over the OCI Distribution API (HTTP through libcurl): the /v2/ ping,
// authentication (Bearer tokens from the realm a 401 names, reused until they expire; Basic),
// manifests, and blobs — small ones into memory, layers streamed to a file and verified by their
// digest while they stream, resumed with Range after a dropped connection, retried with back-off.
//
// TLS uses the system's CA store plus the registry's own certificates in certs.d, as Podman does:
// /etc/containers/certs.d/HOST[:PORT]/*.crt (CAs), *.cert + *.key (a client certificate), and
// ~/.config/containers/certs.d/ (or RegistryOptions::certDir instead of both). Redirects are followed
// (to https only, unless TLS is off) and never carry the credentials to another host. Proxies come
// from the environment (HTTPS_PROXY, NO_PROXY), as libcurl reads them. Every reply is bounded: a
// manifest at 4 MiB, a config at 1 MiB, a token reply at 64 KiB, an error body at 64 KiB.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "images/reference.h"
#include "images/registry_auth.h"

namespace juxta::images {

struct RegistryOptions {
    bool tlsVerify = true;                   // false: https without checking the certificate, then plain http
    std::optional<Credentials> credentials;  // nullopt: from the auth files (registry_auth.h), else anonymous
    std::filesystem::path certDir;           // empty: the certs.d directories above
    std::function<bool()> cancelled;         // asked while transfers run: true stops them (ECANCELED)
};

struct Manifest {
    std::string body;
    std::string mediaType;  // the reply's Content-Type (without parameters)
    std::string digest;     // "sha256:<hex>" of the body, computed here
};

// Called as a blob streams: bytes of it on disk so far (a resumed part included), and its size.
using BlobProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// A registry's words for a message: printable ASCII only (others become '?'), at most `max` bytes.
std::string printableText(std::string_view text, std::size_t max = 200);

// A manifest may be at most this large (the distribution spec's registries refuse larger ones).
inline constexpr std::size_t kMaxManifestBytes = std::size_t(4) << 20;

class RegistryClient {
  public:
    // Pings the registry (GET /v2/), learning how it authenticates.
    static Result<std::unique_ptr<RegistryClient>> connect(const Reference& ref, RegistryOptions options);
    ~RegistryClient();
    RegistryClient(const RegistryClient&) = delete;
    RegistryClient& operator=(const RegistryClient&) = delete;

    // GET /v2/<repository>/manifests/<tag or digest>, accepting OCI and Docker schema 2 manifests and
    // indexes. A digest reference is checked against the body.
    Result<Manifest> manifest(const std::string& tagOrDigest);
    // A blob of at most maxBytes into memory, checked against its digest.
    Result<std::string> smallBlob(const std::string& digest, std::size_t maxBytes);
    // A blob into `target`: downloaded into `target`.partial (resumed if one is there), hashed as it
    // arrives, renamed to `target` once it is `size` bytes with the right digest. A wrong digest
    // deletes the partial file (EBADMSG). Another process fetching the same blob is waited for
    // (an flock on the partial file).
    // It stops (ENOSPC) when the filesystem's free space falls below minFreeBytes.
    Status blobToFile(const std::string& digest, std::int64_t size, const std::filesystem::path& target,
                      const BlobProgress& progress, std::uint64_t minFreeBytes = 0);

    // GET /v2/ with the credentials (`juxtactl login`): EACCES when the registry refuses them.
    Status checkLogin();

    class Impl;

  private:
    explicit RegistryClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace juxta::images
