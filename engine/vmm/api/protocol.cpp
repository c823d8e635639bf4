#include "vmm/api/protocol.h"

#include <cerrno>

#include "core/bounded_json.h"

namespace juxta::vmm {

namespace {
nlohmann::json failure(const std::string& message) {
    return {{"ok", false}, {"error", message}};
}

bool stringList(const nlohmann::json& j, std::vector<std::string>& out) {
    if (!j.is_array()) return false;
    for (const auto& item : j) {
        if (!item.is_string()) return false;
        out.push_back(item.get<std::string>());
    }
    return true;
}

Result<ExecRequest> parseExec(const nlohmann::json& j) {
    ExecRequest r;
    if (!j.contains("argv") || !stringList(j["argv"], r.argv) || r.argv.empty() || r.argv[0].empty())
        return Error(EINVAL, "exec: \"argv\" must be a non-empty list of strings, e.g. [\"/bin/true\"]");
    if (j.contains("env") && !stringList(j["env"], r.env))
        return Error(EINVAL, "exec: \"env\" must be a list of \"K=V\" strings");
    for (const auto& kv : r.env)
        if (kv.find('=') == std::string::npos || kv.front() == '=')
            return Error(EINVAL, "exec: \"env\" entry '" + kv + "' is not K=V");
    if (j.contains("cwd")) {
        if (!j["cwd"].is_string() || j["cwd"].get<std::string>().empty())
            return Error(EINVAL, "exec: \"cwd\" must be a path");
        r.cwd = j["cwd"].get<std::string>();
    }
    if (j.contains("timeout_ms")) {
        const nlohmann::json& t = j["timeout_ms"];
        if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() > 86400000)
            return Error(EINVAL, "exec: \"timeout_ms\" must be a number of milliseconds from 0 to 86400000");
        r.timeoutMs = t.get<uint32_t>();
    }
    if (j.contains("in_image")) {
        if (!j["in_image"].is_boolean()) return Error(EINVAL, "exec: \"in_image\" must be true or false");
        r.inImage = j["in_image"].get<bool>();
    }
    if (j.contains("user")) {
        if (!j["user"].is_string()) return Error(EINVAL, "exec: \"user\" must be \"uid[:gid]\"");
        r.user = j["user"].get<std::string>();
    }
    if (j.contains("console")) {
        if (!j["console"].is_boolean()) return Error(EINVAL, "exec: \"console\" must be true or false");
        r.console = j["console"].get<bool>();
    }
    if (j.contains("stop_signal")) {
        const nlohmann::json& sig = j["stop_signal"];
        if (!sig.is_number_integer() || sig.get<int64_t>() < 1 || sig.get<int64_t>() > 64)
            return Error(EINVAL, "exec: \"stop_signal\" must be a signal's number (1 to 64)");
        r.stopSignal = sig.get<int>();
    }
    return r;
}

nlohmann::json dispatch(const std::string& cmd, const nlohmann::json& request, ControlTarget& target) {
    auto done = [](const Status& s, const char* state) -> nlohmann::json {
        if (!s) return failure(s.error().message());
        return {{"ok", true}, {"state", state}};
    };
    if (cmd == "status") {
        nlohmann::json r = target.status();
        r["ok"] = true;
        return r;
    }
    if (cmd == "pause") return done(target.pause(), "paused");
    if (cmd == "resume") return done(target.resume(), "running");
    if (cmd == "stop") {
        const nlohmann::json grace = request.value("grace_ms", nlohmann::json(0));
        if (!grace.is_number_integer() || grace.get<int64_t>() < 0 || grace.get<int64_t>() > 600000)
            return failure("\"grace_ms\" must be a number of milliseconds from 0 to 600000");
        return done(target.stop(grace.get<uint32_t>()), "stopping");
    }
    if (cmd == "stats") return {{"ok", true}, {"stats", target.stats()}};
    if (cmd == "timings") return {{"ok", true}, {"timings", target.timings()}};
    if (cmd == "agent") {
        // wait_ms: answered once the agent is ready or that long has passed, so a client that waits
        // for a VM's start asks once instead of polling (each poll is work for the VMM and the
        // host while the guest boots).
        const nlohmann::json wait = request.value("wait_ms", nlohmann::json(0));
        if (!wait.is_number_integer() || wait.get<int64_t>() < 0 || wait.get<int64_t>() > kMaxAgentWaitMs)
            return failure("\"wait_ms\" must be a number of milliseconds from 0 to " +
                           std::to_string(kMaxAgentWaitMs));
        nlohmann::json r = target.agent(wait.get<int>());
        r["ok"] = true;
        return r;
    }
    if (cmd == "exec") {
        auto exec = parseExec(request);
        if (!exec) return failure(exec.error().message());
        auto result = target.exec(*exec);
        if (!result) return failure(result.error().message());
        nlohmann::json r = *result;
        r["ok"] = true;
        return r;
    }
    if (cmd == "hosts") {
        if (!request.contains("lines") || !request["lines"].is_string())
            return failure("hosts: \"lines\" must be a string of hosts lines");
        return done(target.hosts(request["lines"].get<std::string>()), "running");
    }
    return failure("unknown command '" + cmd +
                   "' (status, pause, resume, stop, stats, timings, agent, exec, hosts)");
}
}  // namespace

bool isLongRequest(const std::string& line) {
    auto request = parseBoundedJson(line, kControlLineLimits, "request");
    if (!request || !request->is_object()) return false;
    const nlohmann::json cmd = request->value("cmd", nlohmann::json());
    const nlohmann::json wait = request->value("wait_ms", nlohmann::json(0));
    return cmd == "exec" || cmd == "hosts" ||
           (cmd == "agent" && wait.is_number_integer() && wait.get<int64_t>() > 0);
}

std::string handleControlRequest(const std::string& line, ControlTarget& target) {
    auto parsed = parseBoundedJson(line, kControlLineLimits, "request");
    const nlohmann::json request = parsed ? std::move(*parsed) : nlohmann::json();
    nlohmann::json response;
    if (!parsed)
        response = failure(parsed.error().message());
    else if (!request.is_object())
        response = failure("not a JSON object: expected {\"cmd\":\"status\"} and the like");
    else if (!request.contains("cmd") || !request["cmd"].is_string())
        response = failure("no \"cmd\" string in the request");
    else
        try {
            response = dispatch(request["cmd"].get<std::string>(), request, target);
        } catch (const std::exception& e) {  // a bug must cost one answer, not the VM
            response = failure(std::string("internal error: ") + e.what());
        }
    if (request.is_object() && request.contains("id")) response["id"] = request["id"];
    return response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace juxta::vmm
