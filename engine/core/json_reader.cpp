#include "core/json_reader.h"

#include <cerrno>

namespace juxta {

using nlohmann::json;

namespace {

const json& nothing() {
    static const json null;
    return null;
}

const char* typeName(const json& v) {
    return v.is_null() ? "nothing" : v.type_name();
}

}  // namespace

JsonReader::JsonReader(const json& document, std::string what)
    : value_(&document),
      what_(std::make_shared<std::string>(std::move(what))),
      first_(std::make_shared<std::optional<Error>>()) {}

JsonReader JsonReader::field(std::string_view key) const {
    std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    if (!value_->is_object()) {
        if (present()) expected("an object");
        return JsonReader(&nothing(), std::move(path), what_, first_);
    }
    const auto it = value_->find(key);
    return JsonReader(it == value_->end() ? &nothing() : &*it, std::move(path), what_, first_);
}

std::vector<JsonReader> JsonReader::elements() const {
    std::vector<JsonReader> out;
    if (!value_->is_array()) {
        expected("an array");
        return out;
    }
    out.reserve(value_->size());
    for (std::size_t i = 0; i < value_->size(); ++i)
        out.push_back(JsonReader(&(*value_)[i], path_ + "[" + std::to_string(i) + "]", what_, first_));
    return out;
}

std::string JsonReader::asString() const {
    if (value_->is_string()) return value_->get<std::string>();
    expected("a string");
    return {};
}

bool JsonReader::asBool() const {
    if (value_->is_boolean()) return value_->get<bool>();
    expected("true or false");
    return false;
}

double JsonReader::asNumber() const {
    if (value_->is_number()) return value_->get<double>();
    expected("a number");
    return 0;
}

std::vector<std::string> JsonReader::asStrings() const {
    std::vector<std::string> out;
    for (const JsonReader& e : elements()) out.push_back(e.asString());
    return ok() ? out : std::vector<std::string>{};
}

std::map<std::string, std::string> JsonReader::asStringMap() const {
    std::map<std::string, std::string> out;
    if (!isObject()) return out;
    for (const auto& [key, value] : value_->items()) out[key] = field(key).asString();
    return ok() ? out : std::map<std::string, std::string>{};
}

bool JsonReader::isObject() const {
    if (value_->is_object()) return true;
    expected("an object");
    return false;
}

std::string JsonReader::string(std::string_view key, std::string fallback) const {
    const JsonReader f = field(key);
    return f.present() ? f.asString() : std::move(fallback);
}

bool JsonReader::boolean(std::string_view key, bool fallback) const {
    const JsonReader f = field(key);
    return f.present() ? f.asBool() : fallback;
}

double JsonReader::number(std::string_view key, double fallback) const {
    const JsonReader f = field(key);
    return f.present() ? f.asNumber() : fallback;
}

std::vector<std::string> JsonReader::strings(std::string_view key, std::vector<std::string> fallback) const {
    const JsonReader f = field(key);
    return f.present() ? f.asStrings() : std::move(fallback);
}

void JsonReader::expected(const char* type) const {
    fail(std::string("expected ") + type + ", found " + typeName(*value_));
}

void JsonReader::fail(std::string_view problem) const {
    if (first_->has_value()) return;
    *first_ =
        Error(EINVAL, *what_ + ": " + (path_.empty() ? std::string() : path_ + ": ") + std::string(problem));
}

Status JsonReader::status() const {
    if (first_->has_value()) return **first_;
    return {};
}

}  // namespace juxta
