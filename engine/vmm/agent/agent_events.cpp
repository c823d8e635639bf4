#include "vmm/agent/agent_events.h"

#include <cerrno>

#include "core/bounded_json.h"
#include "core/json_reader.h"

namespace juxta::vmm {

using nlohmann::json;

std::optional<std::string> LineSplitter::push(uint8_t byte) {
    if (byte == '\n') {
        const bool dropped = overflow_;
        overflow_ = false;
        std::string line = std::move(line_);
        line_.clear();
        if (dropped) {
            ++dropped_;
            return std::nullopt;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    if (overflow_) return std::nullopt;
    if (line_.size() >= maxLine_) {
        overflow_ = true;
        line_.clear();
        line_.shrink_to_fit();
        return std::nullopt;
    }
    line_.push_back(char(byte));
    return std::nullopt;
}

namespace {

// The ready event's "steps" (where the guest's start went): kept only as an object of at most 16
// plain names (a-z, 0-9, '_'; up to 32) to non-negative integers; anything else is dropped whole.
std::optional<json> guestSteps(const JsonReader& j) {
    const JsonReader steps = j.field("steps");
    if (!steps.raw().is_object() || steps.raw().size() > 16) return std::nullopt;
    for (const auto& [name, ms] : steps.raw().items()) {
        const bool plain =
            !name.empty() && name.size() <= 32 &&
            name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
        if (!plain || !ms.is_number_unsigned()) return std::nullopt;
    }
    return steps.raw();
}

// Each event is read field by field with its type and rebuilt from what was read, so the body
// that travels on (to exec's answer, the control socket) holds only checked values.
Result<AgentEvent> readyEvent(const JsonReader& j) {
    json body = {{"boot_ms", j.integer<int64_t>("boot_ms")},
                 {"ready_ms", j.integer<int64_t>("ready_ms")},
                 {"kernel", j.string("kernel")},
                 {"cpus", j.integer<uint32_t>("cpus")},
                 {"mem_total_kib", j.integer<uint64_t>("mem_total_kib")},
                 {"modules", j.integer<uint32_t>("modules", 0)},
                 {"image", j.string("image", "")},
                 {"network", j.string("network", "")}};
    if (auto steps = guestSteps(j)) body["steps"] = std::move(*steps);
    if (Status s = j.status(); !s) return s.error();
    return AgentEvent{AgentEvent::Kind::Ready, std::move(body)};
}

Result<AgentEvent> exitEvent(const JsonReader& j) {
    json body = {{"id", j.integer<uint64_t>("id")},
                 {"code", j.integer<int>("code")},
                 {"signal", j.integer<int>("signal")},
                 {"stdout", j.string("stdout")},
                 {"stderr", j.string("stderr")},
                 {"start_ms", nullptr},
                 {"end_ms", nullptr},
                 {"maxrss_kib", nullptr},
                 {"meminfo", json::object()}};
    for (const char* key : {"start_ms", "end_ms"})
        if (auto v = j.optionalInteger<int64_t>(key)) body[key] = *v;
    if (auto v = j.optionalInteger<uint64_t>("maxrss_kib")) body["maxrss_kib"] = *v;
    if (const JsonReader meminfo = j.field("meminfo"); meminfo.present() && meminfo.isObject())
        for (const auto& [key, value] : meminfo.raw().items())
            body["meminfo"][key] = meminfo.integer<uint64_t>(key);
    for (const char* flag : {"stdout_truncated", "stderr_truncated", "timed_out"})
        body[flag] = j.boolean(flag, false);
    if (Status s = j.status(); !s) return s.error();
    return AgentEvent{AgentEvent::Kind::Exit, std::move(body)};
}

Result<AgentEvent> errorEvent(const JsonReader& j) {
    json body = {{"message", j.string("message")}};
    if (auto id = j.optionalInteger<uint64_t>("id")) body["id"] = *id;
    if (Status s = j.status(); !s) return s.error();
    return AgentEvent{AgentEvent::Kind::Error, std::move(body)};
}

}  // namespace

Result<AgentEvent> parseAgentEvent(std::string_view line) {
    auto parsed = parseBoundedJson(line, kAgentEventLimits, "agent line");
    if (!parsed) return Error(EBADMSG, parsed.error().message());
    if (!parsed->is_object()) return Error(EBADMSG, "agent line is not a JSON object");
    const JsonReader j(*parsed, "agent line");
    const JsonReader event = j.field("event");
    if (!event.raw().is_string()) return Error(EBADMSG, "agent line has no \"event\"");
    const std::string kind = event.asString();
    Result<AgentEvent> out = Error(EBADMSG, "unknown agent event '" + kind + "'");
    if (kind == "ready") out = readyEvent(JsonReader(*parsed, "agent ready event"));
    if (kind == "exit") out = exitEvent(JsonReader(*parsed, "agent exit event"));
    if (kind == "error") out = errorEvent(JsonReader(*parsed, "agent error event"));
    if (kind == "channel") out = AgentEvent{AgentEvent::Kind::Channel, json::object()};
    if (!out) return Error(EBADMSG, out.error().message());
    return out;
}

std::string runRequestLine(uint64_t id, const ExecRequest& r) {
    json j = {{"cmd", "run"}, {"id", id}, {"argv", r.argv}, {"env", r.env}, {"cwd", r.cwd}};
    if (r.timeoutMs) j["timeout_ms"] = r.timeoutMs;
    if (r.inImage) j["in_image"] = true;
    if (!r.user.empty()) j["user"] = r.user;
    if (r.console) j["console"] = true;
    if (r.stopSignal) j["stop_signal"] = r.stopSignal;
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string powerOffLine(uint32_t graceMs) {
    return json{{"cmd", "poweroff"}, {"grace_ms", graceMs}}.dump() + "\n";
}

std::string hostsRequestLine(uint64_t id, const std::string& lines) {
    const json j = {{"cmd", "hosts"}, {"id", id}, {"lines", lines}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

json execResult(const json& e, double wallMs) {
    const auto get = [&e](const char* key) { return e.contains(key) ? e[key] : json(); };
    json guest = {{"start_ms", get("start_ms")},
                  {"end_ms", get("end_ms")},
                  {"meminfo", e.contains("meminfo") ? e["meminfo"] : json::object()},
                  {"maxrss_kib", get("maxrss_kib")}};
    for (const char* flag : {"stdout_truncated", "stderr_truncated", "timed_out"})
        if (get(flag) == true) guest[flag] = true;
    return {{"exit_code", get("code")}, {"signal", get("signal")}, {"stdout", get("stdout")},
            {"stderr", get("stderr")},  {"wall_ms", wallMs},       {"guest", guest}};
}

int shellExitStatus(const json& result) {
    const JsonReader r(result, "exec result");
    const int signal = r.integer<int>("signal", 0);
    const int code = r.integer<int>("exit_code", 1);
    if (!r.ok()) return 1;
    return signal > 0 ? 128 + signal : code;
}

}  // namespace juxta::vmm
