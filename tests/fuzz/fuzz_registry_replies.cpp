// What a registry and a user hand a pull before any layer: image references, platforms, a 401's
// WWW-Authenticate challenge, base64 credentials, and an index's manifest list picked for this
// machine (the JSON bounded as a pull bounds it); the registry's words made printable.
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "fuzz_support.h"
#include "images/image_store.h"
#include "images/platform.h"
#include "images/reference.h"
#include "images/registry_auth.h"
#include "images/registry_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace juxta::images;
    const std::string input = juxta::fuzz::text(data, size);
    if (auto ref = parseReference(input); ref) {
        (void)ref->str();
        (void)ref->familiar();
        (void)localNameFor(*ref);
    }
    (void)parsePlatform(input);
    (void)parseAuthChallenge(input);
    (void)base64Decode(input);
    (void)printableText(input);
    if (auto doc = juxta::parseBoundedJson(input, juxta::JsonLimits{kMaxManifestBytes, 64}, "index");
        doc && doc->is_object()) {
        const juxta::JsonReader index(*doc, "index");
        (void)pickManifest(index, hostPlatform());
    }
    return 0;
}
