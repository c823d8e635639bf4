#pragma once
// The one error convention of the engine: an errno-style code plus a message a user can act on.
// wrap() prefixes where it happened, so a message reads outermost first:
//   "start container web: mount overlay: No such file or directory".
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace juxta {

class Error {
  public:
    Error() = default;
    Error(int code, std::string message) : code_(code), message_(std::move(message)) {}

    // An error from the current errno: "<what>: <strerror(errno)>".
    static Error fromErrno(std::string_view what);
    static Error fromErrno(std::string_view what, int err);

    int code() const { return code_; }
    const std::string& message() const { return message_; }
    Error wrap(std::string_view context) const;

  private:
    int code_ = 0;
    std::string message_;
};

// A value or an Error. Small on purpose: the subset of std::expected (C++23) the engine uses.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    const Error& error() const { return std::get<1>(v_); }
    T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }
    T value_or(T fallback) && { return ok() ? std::move(std::get<0>(v_)) : std::move(fallback); }

  private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

  private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

}  // namespace juxta
