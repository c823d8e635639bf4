#include "vmm/guarded_thread.h"

#include <cstdio>

namespace juxta::vmm {

std::string describeException(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an unknown exception";
    }
}

void runGuarded(const std::string& what, const std::function<void()>& body,
                const std::function<void(const std::string&)>& onFailure) noexcept {
    try {
        body();
        return;
    } catch (...) {
        const std::exception_ptr error = std::current_exception();
        try {
            onFailure(what + ": " + describeException(error));
            return;
        } catch (...) {
        }
    }
    // Even reporting failed (memory is gone): say so where a person looks, without allocating.
    std::fprintf(stderr, "juxta-vmm: %s: an exception, and another one while reporting it\n", what.c_str());
}

std::thread guardedThread(std::string what, std::function<void()> body,
                          std::function<void(const std::string&)> onFailure) {
    return std::thread([what = std::move(what), body = std::move(body), onFailure = std::move(onFailure)] {
        runGuarded(what, body, onFailure);
    });
}

}  // namespace juxta::vmm
