#pragma once
// Every thread juxta-vmm starts runs its body through here: an exception that escapes it (a bug,
// std::bad_alloc, a type error on hostile input that slipped past a check) ends the VM with a
// reason instead of std::terminate, so the run still ends through its normal path: the reason on
// stderr and in the stats, the control socket removed, the exit status set.
#include <exception>
#include <functional>
#include <string>
#include <thread>

namespace juxta::vmm {

// "std::bad_alloc" / the exception's what() / "an unknown exception", for people.
std::string describeException(std::exception_ptr error);

// Runs `body`; what escaped it goes to `onFailure` as "<what>: <exception>". Never throws: when
// `onFailure` itself throws, the failure is written to stderr instead.
void runGuarded(const std::string& what, const std::function<void()>& body,
                const std::function<void(const std::string&)>& onFailure) noexcept;

// A thread running runGuarded(what, body, onFailure).
std::thread guardedThread(std::string what, std::function<void()> body,
                          std::function<void(const std::string&)> onFailure);

}  // namespace juxta::vmm
