#include "core/error.h"

#include <cerrno>
#include <cstring>

namespace juxta {

Error Error::fromErrno(std::string_view what) {
    return fromErrno(what, errno);
}

Error Error::fromErrno(std::string_view what, int err) {
    return Error(err, std::string(what) + ": " + std::strerror(err));
}

Error Error::wrap(std::string_view context) const {
    return Error(code_, std::string(context) + ": " + message_);
}

}  // namespace juxta
