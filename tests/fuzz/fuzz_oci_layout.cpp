// The OCI-layout importer, whole: index.json → manifests → config → layers extracted into a
// store. The input is documents split at "\n----\n": the first is index.json, each later one a
// blob; "sha256:@N" in a document stands for the digest of document N (a fuzzer cannot forge
// sha256, so without this it would never get past the first digest check).
#include "fuzz_support.h"
#include "images/digest.h"
#include "images/image_import.h"
#include "images/image_store.h"

namespace {

std::string withDigests(std::string doc, const std::vector<std::string>& digests) {
    for (size_t n = digests.size(); n-- > 1;) {  // @12 before @1
        const std::string placeholder = "sha256:@" + std::to_string(n);
        for (size_t at; (at = doc.find(placeholder)) != std::string::npos;)
            doc.replace(at, placeholder.size(), "sha256:" + digests[n]);
    }
    return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static juxta::fuzz::Scratch scratch;
    scratch.clear();
    auto docs = juxta::fuzz::documents(juxta::fuzz::text(data, size));
    // A document may name later ones only: resolve from the last back to the first.
    std::vector<std::string> digests(docs.size());
    for (size_t n = docs.size(); n-- > 1;) {
        docs[n] = withDigests(docs[n], digests);
        digests[n] = juxta::images::sha256Hex(docs[n]);
        scratch.write("layout/blobs/sha256/" + digests[n], docs[n]);
    }
    scratch.write("layout/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    scratch.write("layout/index.json", withDigests(docs[0], digests));
    juxta::images::ImageStore store(scratch.root() / "store");
    (void)juxta::images::importImage(store, scratch.root() / "layout", "fuzz");
    return 0;
}
