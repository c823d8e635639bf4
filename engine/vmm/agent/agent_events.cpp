#include "vmm/agent/agent_events.h"

#include <cerrno>

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

bool hasNumbers(const json& j, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        if (!j.contains(k) || !j[k].is_number()) return false;
    return true;
}

}  // namespace

Result<AgentEvent> parseAgentEvent(std::string_view line) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return Error(EBADMSG, "agent line is not a JSON object");
    if (!j.contains("event") || !j["event"].is_string()) return Error(EBADMSG, "agent line has no \"event\"");
    const std::string kind = j["event"].get<std::string>();
    if (kind == "ready") {
        if (!hasNumbers(j, {"boot_ms", "ready_ms", "cpus", "mem_total_kib"}) ||
            !j.value("kernel", json()).is_string())
            return Error(EBADMSG, "agent ready event without boot_ms, ready_ms, kernel, cpus, mem_total_kib");
        return AgentEvent{AgentEvent::Kind::Ready, std::move(j)};
    }
    if (kind == "exit") {
        if (!j.contains("id") || !j["id"].is_number_unsigned() || !hasNumbers(j, {"code", "signal"}) ||
            !j.value("stdout", json()).is_string() || !j.value("stderr", json()).is_string())
            return Error(EBADMSG, "agent exit event without id, code, signal, stdout, stderr");
        return AgentEvent{AgentEvent::Kind::Exit, std::move(j)};
    }
    if (kind == "error") {
        if (!j.value("message", json()).is_string())
            return Error(EBADMSG, "agent error event without message");
        return AgentEvent{AgentEvent::Kind::Error, std::move(j)};
    }
    return Error(EBADMSG, "unknown agent event '" + kind + "'");
}

std::string runRequestLine(uint64_t id, const ExecRequest& r) {
    json j = {{"cmd", "run"}, {"id", id}, {"argv", r.argv}, {"env", r.env}, {"cwd", r.cwd}};
    if (r.timeoutMs) j["timeout_ms"] = r.timeoutMs;
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

json execResult(const json& e, double wallMs) {
    json guest = {{"start_ms", e.value("start_ms", json())},
                  {"end_ms", e.value("end_ms", json())},
                  {"meminfo", e.value("meminfo", json::object())},
                  {"maxrss_kib", e.value("maxrss_kib", json())}};
    for (const char* flag : {"stdout_truncated", "stderr_truncated", "timed_out"})
        if (e.value(flag, false)) guest[flag] = true;
    return {{"exit_code", e["code"]}, {"signal", e["signal"]}, {"stdout", e["stdout"]},
            {"stderr", e["stderr"]},  {"wall_ms", wallMs},     {"guest", guest}};
}

int shellExitStatus(const json& result) {
    const int signal = result.value("signal", 0);
    if (signal > 0) return 128 + signal;
    return result.value("exit_code", 1);
}

}  // namespace juxta::vmm
