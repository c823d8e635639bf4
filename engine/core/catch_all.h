#pragma once
// For the top of a worker thread, which no exception may leave.
#include <cerrno>
#include <exception>
#include <string>

#include "core/error.h"

namespace juxta {

// What `run` (returning a Result) returns, or the exception it threw as an EIO error ("internal
// error: ...").
template <typename F>
auto catchAll(F&& run) -> decltype(run()) {
    try {
        return run();
    } catch (const std::exception& e) {
        return Error(EIO, std::string("internal error: ") + e.what());
    } catch (...) {
        return Error(EIO, "internal error");
    }
}

}  // namespace juxta
