#pragma once
// Who Juxta is to a registry: credentials from the files Podman, skopeo and Docker keep, and the
// challenge a registry answers 401 with (RFC 7235 WWW-Authenticate: Bearer with realm, service and
// scope, or Basic).
//
// Credential files, first found wins (as Podman reads them): $REGISTRY_AUTH_FILE,
// $XDG_RUNTIME_DIR/containers/auth.json (root without it: /run/containers/0/auth.json),
// ~/.config/containers/auth.json, ~/.docker/config.json. Each is {"auths": {"HOST[:PORT]": {"auth":
// base64("user:password")}}}; Docker Hub's entry may be named docker.io, index.docker.io or
// https://index.docker.io/v1/. Credential helpers (credsStore, credHelpers) are not run.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace juxta::images {

struct Credentials {
    std::string username;
    std::string password;
};

struct AuthChallenge {
    std::string scheme;                         // "bearer" or "basic" (lowercased); empty when there was none
    std::map<std::string, std::string> params;  // realm, service, scope, error, ...
};

// Parses the first challenge of a WWW-Authenticate value; unknown schemes are returned as they are.
// EINVAL on a value that is not a challenge (over 8 KiB included).
Result<AuthChallenge> parseAuthChallenge(std::string_view header);

// "user:pass" ↔ base64, as the auth files store it.
std::string base64Encode(std::string_view bytes);
Result<std::string> base64Decode(std::string_view text);

// The files searched, in order (those that do not exist included).
std::vector<std::filesystem::path> authFiles();
// The file `juxtactl login` writes: the first of authFiles().
std::filesystem::path authFileToWrite();
// The credentials for `registry` ("docker.io", "localhost:5000") in the first file that has any;
// nullopt when none has; an error only for a file that exists and cannot be read or parsed.
Result<std::optional<Credentials>> findCredentials(const std::string& registry);
// Adds or replaces (login) or removes (logout; ENOENT when there was none) the registry's entry in
// `file`, keeping the rest of it; written atomically, 0600.
Status storeCredentials(const std::filesystem::path& file, const std::string& registry,
                        const Credentials& creds);
Status removeCredentials(const std::filesystem::path& file, const std::string& registry);

}  // namespace juxta::images
