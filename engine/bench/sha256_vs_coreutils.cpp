// sha256_vs_coreutils: how fast Juxta hashes a layer (core/sha256.h: OpenSSL's EVP, with the
// CPU's SHA extensions where it has them) next to coreutils' sha256sum on the same file, in the
// same run. The file is written once (default 1 GiB of pseudo-random bytes) and read from the
// page cache by both, three times each; the best of three is printed.
//
//   sha256_vs_coreutils [--mib N] [--file PATH]
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/sha256.h"

namespace {

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "sha256_vs_coreutils: %s\n", message.c_str());
    std::exit(1);
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string hashWithJuxta(const std::string& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open " + file + ": " + std::strerror(errno));
    juxta::Sha256 hash;
    std::vector<char> buffer(1 << 20);  // the importer reads layers in 1 MiB blocks too
    for (ssize_t n; (n = ::read(fd, buffer.data(), buffer.size())) > 0;)
        hash.update(buffer.data(), size_t(n));
    ::close(fd);
    return hash.hexDigest();
}

std::string hashWithSha256sum(const std::string& file) {
    FILE* p = ::popen(("sha256sum '" + file + "'").c_str(), "r");
    if (!p) die("run sha256sum");
    char line[128] = {};
    if (!std::fgets(line, sizeof line, p)) die("sha256sum printed nothing");
    if (::pclose(p) != 0) die("sha256sum failed");
    return std::string(line, 64);
}

}  // namespace

int main(int argc, char** argv) {
    long mib = 1024;
    std::string file = "/var/tmp/juxta-sha256-bench.bin";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--mib"))
            mib = std::max(1L, std::atol(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--file"))
            file = argv[i + 1];
        else
            die("usage: sha256_vs_coreutils [--mib N] [--file PATH]");
    }
    if (auto ok = juxta::Sha256::available(); !ok) die(ok.error().message());
    {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) die("create " + file + ": " + std::strerror(errno));
        std::mt19937_64 random(12);
        std::vector<uint64_t> block((1 << 20) / sizeof(uint64_t));
        for (long m = 0; m < mib; ++m) {
            for (auto& w : block) w = random();
            if (::write(fd, block.data(), 1 << 20) != 1 << 20) die("write " + file);
        }
        ::close(fd);
    }
    double juxtaBest = 1e9, coreutilsBest = 1e9;
    std::string juxtaDigest, coreutilsDigest;
    for (int round = 0; round < 3; ++round) {
        auto t = std::chrono::steady_clock::now();
        juxtaDigest = hashWithJuxta(file);
        juxtaBest = std::min(juxtaBest, seconds(t));
        t = std::chrono::steady_clock::now();
        coreutilsDigest = hashWithSha256sum(file);
        coreutilsBest = std::min(coreutilsBest, seconds(t));
    }
    ::unlink(file.c_str());
    if (juxtaDigest != coreutilsDigest) die("the digests differ: " + juxtaDigest + " vs " + coreutilsDigest);
    std::printf("file                 %ld MiB (page cache), best of 3\n", mib);
    std::printf("juxta (OpenSSL EVP)  %.0f MB/s\n", double(mib) * 1.048576 / juxtaBest);
    std::printf("sha256sum            %.0f MB/s\n", double(mib) * 1.048576 / coreutilsBest);
    std::printf("ratio juxta / sha256sum  %.2f (throughput)\n", coreutilsBest / juxtaBest);
    return 0;
}
