#pragma once
// Image references as people type them, normalised the way Docker and Podman do:
//   redis                      → docker.io/library/redis:latest
//   bitnami/redis:7.2          → docker.io/bitnami/redis:7.2
//   quay.io/ns/app@sha256:<hex> (a digest; a tag beside it is kept for display only)
//   localhost:5000/app, 127.0.0.1:5000/app, registry.local/app
// The first component names a registry when it has a '.' or a ':' or is "localhost"; otherwise the
// reference is Docker Hub's. Components are checked against the distribution grammar (lowercase
// letters and digits, separated by '.', '_', '__' or dashes); a tag is [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
#include <string>
#include <string_view>

#include "core/error.h"

namespace juxta::images {

struct Reference {
    std::string registry;    // "docker.io", "localhost:5000"
    std::string repository;  // "library/redis"
    std::string tag;         // "latest" when neither a tag nor a digest was given
    std::string digest;      // "sha256:<hex>", or empty

    // What to ask the registry for: the digest if there is one, else the tag.
    std::string manifestRef() const { return digest.empty() ? tag : digest; }
    // The host the API is at: Docker Hub's is registry-1.docker.io.
    std::string apiHost() const;
    // "docker.io/library/redis:7", "host:5000/app@sha256:..." (tag and digest when both were given).
    std::string str() const;
    // The short form Docker shows: "redis:7", "bitnami/redis:7", "localhost:5000/app:1".
    std::string familiar() const;
};

// EINVAL with the reason when `text` is not a reference (at most 255 characters before the tag).
Result<Reference> parseReference(std::string_view text);

}  // namespace juxta::images
