#include "guest/agent/protocol.h"

#include "core/bounded_json.h"

namespace juxta::guest {

namespace {

using nlohmann::json;

// Command output is not always UTF-8: invalid bytes become U+FFFD instead of failing the event.
std::string line(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

bool stringList(const json& j, std::vector<std::string>& out) {
    if (!j.is_array()) return false;
    for (const auto& item : j) {
        if (!item.is_string()) return false;
        out.push_back(item.get<std::string>());
    }
    return true;
}

// "uid" or "uid:gid", decimal, each below 2^32 - 1 (the kernel's "no id").
bool parseUser(const std::string& text, uint32_t& uid, uint32_t& gid) {
    const auto number = [](std::string_view digits, uint32_t& out) {
        if (digits.empty() || digits.size() > 10) return false;
        uint64_t v = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + uint64_t(c - '0');
        }
        if (v >= 0xffffffffull) return false;
        out = uint32_t(v);
        return true;
    };
    const std::size_t colon = text.find(':');
    gid = 0;
    if (colon == std::string::npos) return number(text, uid);
    return number(std::string_view(text).substr(0, colon), uid) &&
           number(std::string_view(text).substr(colon + 1), gid);
}

Request invalid(int64_t id, std::string why) {
    Request r;
    r.id = id;
    r.error = std::move(why);
    return r;
}

}  // namespace

Request parseRequest(std::string_view text) {
    auto parsed = parseBoundedJson(text, kAgentRequestLimits, "request");
    if (!parsed) return invalid(-1, "not a JSON object: " + parsed.error().message());
    const json& j = *parsed;
    if (!j.is_object()) return invalid(-1, "not a JSON object");
    int64_t id = -1;
    if (j.contains("id")) {
        if (!j["id"].is_number_unsigned()) return invalid(-1, "\"id\" must be a number >= 0");
        id = j["id"].get<int64_t>();
    }
    if (!j.contains("cmd") || !j["cmd"].is_string()) return invalid(id, "no \"cmd\" string");
    const std::string cmd = j["cmd"].get<std::string>();
    Request r;
    r.id = id;
    if (cmd == "poweroff") {
        if (j.contains("grace_ms")) {
            if (!j["grace_ms"].is_number_unsigned() || j["grace_ms"].get<uint64_t>() > 3'600'000)
                return invalid(id, "\"grace_ms\" must be a number of milliseconds up to an hour");
            r.graceMs = j["grace_ms"].get<uint32_t>();
        }
        r.kind = Request::Kind::PowerOff;
        return r;
    }
    if (cmd == "hosts") {
        if (id < 0) return invalid(id, "hosts needs an \"id\"");
        if (!j.contains("lines") || !j["lines"].is_string())
            return invalid(id, "\"lines\" must be a string of hosts lines");
        r.hostsLines = j["lines"].get<std::string>();
        if (r.hostsLines.size() > kMaxHostsLines) return invalid(id, "\"lines\" longer than 64 KiB");
        if (r.hostsLines.find('\0') != std::string::npos) return invalid(id, "\"lines\" holds a NUL byte");
        if (!r.hostsLines.empty() && r.hostsLines.back() != '\n') r.hostsLines += '\n';
        r.kind = Request::Kind::Hosts;
        return r;
    }
    if (cmd != "run") return invalid(id, "unknown cmd '" + cmd + "' (run, hosts, poweroff)");
    if (id < 0) return invalid(id, "run needs an \"id\"");
    r.run.id = uint64_t(id);
    if (!j.contains("argv") || !stringList(j["argv"], r.run.argv) || r.run.argv.empty())
        return invalid(id, "\"argv\" must be a non-empty list of strings");
    if (j.contains("env") && !stringList(j["env"], r.run.env))
        return invalid(id, "\"env\" must be a list of \"K=V\" strings");
    for (const auto& kv : r.run.env)
        if (kv.find('=') == std::string::npos || kv.front() == '=')
            return invalid(id, "\"env\" entry '" + kv + "' is not K=V");
    if (j.contains("cwd")) {
        if (!j["cwd"].is_string() || j["cwd"].get<std::string>().empty())
            return invalid(id, "\"cwd\" must be a path");
        r.run.cwd = j["cwd"].get<std::string>();
    }
    if (j.contains("timeout_ms")) {
        if (!j["timeout_ms"].is_number_unsigned() || j["timeout_ms"].get<uint64_t>() > UINT32_MAX)
            return invalid(id, "\"timeout_ms\" must be a number of milliseconds");
        r.run.timeoutMs = j["timeout_ms"].get<uint32_t>();
    }
    if (j.contains("in_image")) {
        if (!j["in_image"].is_boolean()) return invalid(id, "\"in_image\" must be true or false");
        r.run.inImage = j["in_image"].get<bool>();
    }
    if (j.contains("user")) {
        if (!j["user"].is_string() || !parseUser(j["user"].get<std::string>(), r.run.uid, r.run.gid))
            return invalid(id, "\"user\" must be \"uid[:gid]\", numeric");
    }
    if (j.contains("console")) {
        if (!j["console"].is_boolean()) return invalid(id, "\"console\" must be true or false");
        r.run.toConsole = j["console"].get<bool>();
    }
    if (j.contains("stop_signal")) {
        if (!j["stop_signal"].is_number_unsigned() || j["stop_signal"].get<uint64_t>() < 1 ||
            j["stop_signal"].get<uint64_t>() > 64)
            return invalid(id, "\"stop_signal\" must be a signal's number (1 to 64)");
        r.run.stopSignal = j["stop_signal"].get<int>();
    }
    r.kind = Request::Kind::Run;
    return r;
}

std::string readyEvent(const ReadyInfo& info) {
    json j = {{"event", "ready"},       {"boot_ms", info.bootMs}, {"ready_ms", info.readyMs},
              {"kernel", info.kernel},  {"cpus", info.cpus},      {"mem_total_kib", info.memTotalKib},
              {"modules", info.modules}};
    if (!info.image.empty()) j["image"] = info.image;
    if (!info.network.empty()) j["network"] = info.network;
    if (!info.steps.empty()) {
        json steps = json::object();
        for (const auto& [name, ms] : info.steps) steps[name + "_ms"] = ms;
        j["steps"] = steps;
    }
    return line(j);
}

std::string channelEvent(const std::string& name) {
    return line(json{{"event", "channel"}, {"channel", name}});
}

std::string exitEvent(const RunResult& r) {
    json meminfo = json::object();
    for (const auto& [key, kib] : r.meminfo) meminfo[key] = kib;
    json j = {{"event", "exit"},       {"id", r.id},
              {"code", r.code},        {"signal", r.signal},
              {"start_ms", r.startMs}, {"end_ms", r.endMs},
              {"stdout", r.out.bytes}, {"stderr", r.err.bytes},
              {"meminfo", meminfo},    {"maxrss_kib", r.maxRssKib}};
    if (r.out.truncated) j["stdout_truncated"] = true;
    if (r.err.truncated) j["stderr_truncated"] = true;
    if (r.timedOut) j["timed_out"] = true;
    return line(j);
}

std::string errorEvent(int64_t id, const std::string& message) {
    json j = {{"event", "error"}, {"message", message}};
    if (id >= 0) j["id"] = id;
    return line(j);
}

void capture(CapturedOutput& output, std::string_view data, size_t limit) {
    const size_t room = limit > output.bytes.size() ? limit - output.bytes.size() : 0;
    if (data.size() > room) output.truncated = true;
    output.bytes.append(data.substr(0, room));
}

}  // namespace juxta::guest
