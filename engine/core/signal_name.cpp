#include "core/signal_name.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

namespace juxta {

Result<int> parseSignal(std::string_view text) {
    std::string name(text.substr(0, 32));
    if (name.rfind("SIG", 0) == 0) name = name.substr(3);
    for (int sig = 1; sig < NSIG; ++sig)
        if (const char* abbrev = sigabbrev_np(sig); abbrev && name == abbrev) return sig;
    const std::string number(text.substr(0, 32));
    char* end = nullptr;
    const long n = std::strtol(number.c_str(), &end, 10);
    if (!number.empty() && end && !*end && n > 0 && n < NSIG) return int(n);
    return Error(EINVAL, "unknown signal '" + std::string(text.substr(0, 32)) + "'");
}

}  // namespace juxta
