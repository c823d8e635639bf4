// The docker-archive importer, whole: the input is the archive (`docker save` output, plain or
// compressed), written to a file per run because the importer unpacks from a path.
#include "fuzz_support.h"
#include "images/image_import.h"
#include "images/image_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static juxta::fuzz::Scratch scratch;
    scratch.clear();
    scratch.write("image.tar", std::string_view(reinterpret_cast<const char*>(data), size));
    juxta::images::ImageStore store(scratch.root() / "store");
    (void)juxta::images::importImage(store, scratch.root() / "image.tar", "fuzz");
    return 0;
}
