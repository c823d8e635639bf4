#pragma once
// Typed reading of a parsed JSON document (bounded_json.h) without exceptions. A JsonReader points
// at one value and knows its path ("exit.code"); every read checks the type (and, for integers,
// the range) and returns a default when it fails, recording the first failure. A reader fills its
// whole struct, then asks status() once: a document with one wrong field is refused whole and
// never half-read. Readers made from one another (field(), elements()) share that first failure.
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.h"

namespace juxta {

class JsonReader {
  public:
    // `what` names the document in the error ("state file /run/.../state.json").
    JsonReader(const nlohmann::json& document, std::string what);

    // The member `key` of this object (a null value when absent; an error when this is no object).
    JsonReader field(std::string_view key) const;
    // The elements of this array (an error when this is no array).
    std::vector<JsonReader> elements() const;
    // Present and not null.
    bool present() const { return !value_->is_null(); }
    const nlohmann::json& raw() const { return *value_; }
    const std::string& path() const { return path_; }

    // This value as a given type; a null/absent value is an error too ("missing").
    std::string asString() const;
    bool asBool() const;
    double asNumber() const;
    std::vector<std::string> asStrings() const;
    // An object whose members are all strings (labels), as a map.
    std::map<std::string, std::string> asStringMap() const;
    template <typename T>
    T asInteger() const;
    // Checks that this is an object (useful before reading fields of an optional one).
    bool isObject() const;

    // Members of this object: required, or a fallback when absent or null.
    std::string string(std::string_view key) const { return field(key).asString(); }
    std::string string(std::string_view key, std::string fallback) const;
    bool boolean(std::string_view key, bool fallback) const;
    double number(std::string_view key, double fallback) const;
    std::vector<std::string> strings(std::string_view key, std::vector<std::string> fallback = {}) const;
    template <typename T>
    T integer(std::string_view key) const {
        return field(key).asInteger<T>();
    }
    template <typename T>
    T integer(std::string_view key, T fallback) const {
        const JsonReader f = field(key);
        return f.present() ? f.asInteger<T>() : fallback;
    }
    template <typename T>
    std::optional<T> optionalInteger(std::string_view key) const {
        const JsonReader f = field(key);
        return f.present() ? std::optional<T>(f.asInteger<T>()) : std::nullopt;
    }

    // Records a failure of the caller's own check (an unknown enum value, a bad range).
    void fail(std::string_view problem) const;
    bool ok() const { return !first_->has_value(); }
    // The first failure: "<what>: <path>: <problem>".
    Status status() const;

  private:
    JsonReader(const nlohmann::json* value, std::string path, std::shared_ptr<std::string> what,
               std::shared_ptr<std::optional<Error>> first)
        : value_(value), path_(std::move(path)), what_(std::move(what)), first_(std::move(first)) {}
    void expected(const char* type) const;

    const nlohmann::json* value_;
    std::string path_;
    std::shared_ptr<std::string> what_;
    std::shared_ptr<std::optional<Error>> first_;
};

template <typename T>
T JsonReader::asInteger() const {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    if (!value_->is_number_integer()) {
        expected("an integer");
        return T{};
    }
    // nlohmann keeps non-negative integers as uint64_t and negative ones as int64_t.
    if (value_->is_number_unsigned()) {
        const uint64_t v = value_->get<uint64_t>();
        if (v <= uint64_t(std::numeric_limits<T>::max())) return T(v);
    } else if constexpr (std::is_signed_v<T>) {
        const int64_t v = value_->get<int64_t>();
        if (v >= int64_t(std::numeric_limits<T>::min()) && v <= int64_t(std::numeric_limits<T>::max()))
            return T(v);
    }
    fail("the integer " + value_->dump() + " is out of range (" +
         std::to_string(std::numeric_limits<T>::min()) + " to " +
         std::to_string(std::numeric_limits<T>::max()) + ")");
    return T{};
}

}  // namespace juxta
