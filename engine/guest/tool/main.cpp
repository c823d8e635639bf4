// juxta-tiny-linux: builds the tiny-linux VM image (or finds it up to date) and prints its
// image.json fields; what the VM tests and the VM benchmark boot, and a way to look at the image.
//   juxta-tiny-linux [--kernel FILE] [--out DIR] [--cmdline TEXT] [--busybox FILE]
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "guest/tiny_linux.h"

int main(int argc, char** argv) {
    juxta::guest::TinyLinuxOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc || (a != "--kernel" && a != "--out" && a != "--cmdline" && a != "--busybox")) {
            std::fprintf(
                stderr,
                "usage: juxta-tiny-linux [--kernel FILE] [--out DIR] [--cmdline TEXT] [--busybox FILE]\n");
            return 2;
        }
        const std::string v = argv[++i];
        if (a == "--kernel") options.kernel = v;
        if (a == "--out") options.outputDir = v;
        if (a == "--cmdline") options.cmdline = v;
        if (a == "--busybox") options.busybox = v;
    }
    auto image = juxta::guest::ensureTinyLinux(options);
    if (!image) {
        std::fprintf(stderr, "juxta-tiny-linux: %s\n", image.error().message().c_str());
        return 1;
    }
    nlohmann::json j = {{"kernel", image->kernel.string()},
                        {"initrd", image->initrd.string()},
                        {"cmdline", image->cmdline},
                        {"digest", image->digest},
                        {"rebuilt", image->rebuilt}};
    std::printf("%s\n", j.dump(2).c_str());
}
