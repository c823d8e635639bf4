#include "vmm/api/protocol.h"

namespace juxta::vmm {

namespace {
nlohmann::json failure(const std::string& message) {
    return {{"ok", false}, {"error", message}};
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
    return failure("unknown command '" + cmd + "' (status, pause, resume, stop, stats, timings)");
}
}  // namespace

std::string handleControlRequest(const std::string& line, ControlTarget& target) {
    nlohmann::json request = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    nlohmann::json response;
    if (request.is_discarded() || !request.is_object())
        response = failure("not a JSON object: expected {\"cmd\":\"status\"} and the like");
    else if (!request.contains("cmd") || !request["cmd"].is_string())
        response = failure("no \"cmd\" string in the request");
    else
        response = dispatch(request["cmd"].get<std::string>(), request, target);
    if (request.is_object() && request.contains("id")) response["id"] = request["id"];
    return response.dump();
}

}  // namespace juxta::vmm
