#include "images/registry_client.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/read_file.h"
#include "core/unique_fd.h"
#include "images/digest.h"
#include "images/libcurl.h"

namespace juxta::images {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string printableText(std::string_view text, std::size_t max) {
    std::string out;
    for (const char c : text.substr(0, max)) {
        const auto u = static_cast<unsigned char>(c);
        out += u >= 0x20 && u < 0x7f ? c : '?';
    }
    if (text.size() > max) out += "...";
    return out;
}

namespace {

constexpr std::size_t kMaxTokenBytes = 64 << 10;
constexpr std::size_t kMaxErrorBytes = 64 << 10;
constexpr std::size_t kMaxCertBytes = 1 << 20;
constexpr int kAttempts = 6;  // back-off 0.5, 1, 2, 4, 8 s between them: a registry restarting is waited for
constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";
constexpr const char* kManifestTypes =
    "Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

// One HTTP exchange's result, the last response of a redirect chain.
struct Reply {
    long status = 0;
    std::string contentType, wwwAuthenticate;
    long long rangeStart = -1;  // a 206's Content-Range "bytes START-END/SIZE", -1 when none
    std::string effectiveUrl;   // where the last response came from (after redirects)
    std::string body;           // collected for 2xx when no sink was given, else the error body
    bool tooLarge = false;      // the body passed its limit (the transfer was stopped)
    CURLcode code = CURLE_OK;
    std::string curlError;
};

// Where a 2xx body goes: returns false to stop the transfer (the sink records why).
using Sink = std::function<bool(const char* data, std::size_t size, long status, long long rangeStart)>;

struct Request {
    std::vector<std::string> headers;
    std::size_t maxBody = kMaxErrorBytes;
    Sink sink;                         // streaming: 2xx bodies go here, not into Reply::body
    std::optional<Credentials> basic;  // sent as Basic (the token endpoint)
    bool withAuth = true;              // the registry's own auth (Bearer token or Basic)
    bool retry = true;                 // transport failures retried here (not for a sink: its caller resumes)
    long timeoutSeconds = 120;         // the whole exchange; 0: none (a layer streams as long as it moves)
};

struct Transfer {
    const Libcurl* lib = nullptr;
    CURL* handle = nullptr;
    Reply* reply = nullptr;
    const Request* request = nullptr;
    const std::function<bool()>* cancelled = nullptr;
};

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return s.substr(i);
}

std::size_t onHeader(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect or a 100): start over
        t->reply->contentType.clear();
        t->reply->wwwAuthenticate.clear();
        t->reply->rangeStart = -1;
        return size * n;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) return size * n;
    const std::string name = lower(line.substr(0, colon));
    const std::string value = trim(line.substr(colon + 1));
    if (name == "content-type") t->reply->contentType = lower(trim(value.substr(0, value.find(';'))));
    if (name == "www-authenticate" && t->reply->wwwAuthenticate.empty()) t->reply->wwwAuthenticate = value;
    if (name == "content-range" && value.rfind("bytes ", 0) == 0) {
        char* end = nullptr;
        const long long start = std::strtoll(value.c_str() + 6, &end, 10);
        t->reply->rangeStart = end && *end == '-' && start >= 0 ? start : -2;  // -2: not understood
    }
    return size * n;
}

std::size_t onBody(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t bytes = size * n;
    long status = 0;
    t->lib->easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
    const bool success = status >= 200 && status < 300;
    if (success && t->request->sink)
        return t->request->sink(data, bytes, status, t->reply->rangeStart) ? bytes : 0;
    const std::size_t limit = success ? t->request->maxBody : kMaxErrorBytes;
    if (t->reply->body.size() + bytes > limit) {
        t->reply->tooLarge = true;
        return 0;  // CURLE_WRITE_ERROR: stops the transfer
    }
    t->reply->body.append(data, bytes);
    return bytes;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    return t->cancelled && *t->cancelled && (*t->cancelled)() ? 1 : 0;
}

// Transport failures worth another try (the connection, not the request, went wrong).
bool retriable(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_SSL_CONNECT_ERROR:
            return true;
        default:
            return false;
    }
}

bool retriableStatus(long status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// The registry's error document ({"errors": [{"code", "message"}]}) as one line, else the status.
std::string describeFailure(const Reply& reply) {
    std::string text = "HTTP " + std::to_string(reply.status);
    auto doc = parseBoundedJson(reply.body, JsonLimits{kMaxErrorBytes, 16}, "error reply");
    if (!doc || !doc->is_object()) return text;
    const JsonReader root(*doc, "error reply");
    const JsonReader errors = root.field("errors");
    if (!errors.present()) return text;
    for (const JsonReader& e : errors.elements()) {
        const std::string code = e.string("code", ""), message = e.string("message", "");
        if (!root.ok()) break;
        // The registry's words stay one line of printable text.
        const std::string one = printableText(code.empty()      ? message
                                              : message.empty() ? code
                                                                : code + " (" + message + ")");
        if (!one.empty()) return text + ": " + one;
    }
    return text;
}

// "https://user@Host:5000/path" → "host" (lowercase, without the port).
std::string hostOf(const std::string& url) {
    const std::size_t scheme = url.find("://");
    std::string rest = url.substr(scheme == std::string::npos ? 0 : scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string::npos) rest.erase(0, at + 1);
    if (!rest.empty() && rest[0] == '[') return lower(rest.substr(0, rest.find(']') + 1));
    return lower(rest.substr(0, rest.find(':')));
}

// Whether a token realm may be given the registry's credentials: the same host, or a host of the
// same site (auth.docker.io for registry-1.docker.io, gitlab.com for registry.gitlab.com). An
// address or a single-label name must match exactly.
bool sameSite(const std::string& registryHost, const std::string& realmHost) {
    if (registryHost == realmHost) return true;
    const auto site = [](const std::string& h) -> std::string {
        if (h.find_first_not_of("0123456789.") == std::string::npos || h.find('.') == std::string::npos)
            return {};
        const std::size_t last = h.rfind('.');
        const std::size_t second = h.rfind('.', last - 1);
        return second == std::string::npos ? h : h.substr(second + 1);
    };
    const std::string a = site(registryHost), b = site(realmHost);
    return !a.empty() && a == b;
}

// Sleeps `d`, waking early (false) when the pull is cancelled.
bool sleepUnlessCancelled(std::chrono::milliseconds d, const std::function<bool()>& cancelled) {
    const auto until = Clock::now() + d;
    while (Clock::now() < until) {
        if (cancelled && cancelled()) return false;
        std::this_thread::sleep_for(
            std::min<Clock::duration>(std::chrono::milliseconds(50), until - Clock::now()));
    }
    return !(cancelled && cancelled());
}

}  // namespace

class RegistryClient::Impl {
  public:
    const Libcurl* lib = nullptr;
    Reference ref;
    RegistryOptions options;
    std::string base;  // "https://host:port"
    std::string caBlob;
    std::string clientCert, clientKey;

    mutable std::mutex authMutex;
    AuthChallenge challenge;  // what the ping's 401 said; scheme empty: anonymous
    std::string token;
    Clock::time_point tokenExpires{};
    std::optional<Credentials> credentials;

    Status loadCertificates();
    Result<Reply> perform(const std::string& url, const Request& request);
    Result<Reply> performRetrying(const std::string& url, const Request& request);
    Result<Reply> request(const std::string& path, const Request& request);
    Status authenticate(const AuthChallenge& challenge);
    std::string where() const { return "registry " + ref.registry; }
    Error transportError(const Reply& r) const {
        if (r.code == CURLE_ABORTED_BY_CALLBACK) return Error(ECANCELED, "cancelled");
        std::string message = where() + ": " + lib->easy_strerror(r.code);
        if (!r.curlError.empty()) message += " (" + r.curlError + ")";
        if (r.code == CURLE_PEER_FAILED_VERIFICATION || r.code == CURLE_SSL_CACERT_BADFILE)
            message += " — trust its CA in /etc/containers/certs.d/" + ref.registry +
                       "/ca.crt, or pull with --tls-verify=false";
        return Error(EIO, message);
    }
};

Status RegistryClient::Impl::loadCertificates() {
    std::vector<fs::path> dirs;
    if (!options.certDir.empty()) {
        dirs.push_back(options.certDir);
    } else {
        dirs.push_back(fs::path("/etc/containers/certs.d") / ref.registry);
        if (const char* home = std::getenv("HOME"); home && *home)
            dirs.push_back(fs::path(home) / ".config/containers/certs.d" / ref.registry);
    }
    std::string extra;
    for (const fs::path& dir : dirs) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir, ec)) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& f : files) {
            const std::string ext = f.extension().string();
            if (ext == ".crt") {
                auto pem = readFile(f, {.maxBytes = kMaxCertBytes});
                if (!pem) return pem.error().wrap("registry CA certificate");
                extra += *pem + "\n";
            } else if (ext == ".cert") {
                clientCert = f.string();
                fs::path key = f;
                key.replace_extension(".key");
                if (!fs::exists(key))
                    return Error(ENOENT, f.string() + " has no " + key.filename().string() + " beside it");
                clientKey = key.string();
            }
        }
    }
    if (extra.empty()) return {};
    // CURLOPT_CAINFO_BLOB replaces the default store: the system's CAs come first.
    if (auto system = readFile(kSystemCaBundle); system) caBlob = *system + "\n";
    caBlob += extra;
    return {};
}

Result<Reply> RegistryClient::Impl::perform(const std::string& url, const Request& request) {
    Reply reply;
    CURL* h = lib->easy_init();
    if (!h) return Error(ENOMEM, "libcurl could not make a handle");
    struct curl_slist* headers = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    Transfer t{lib, h, &reply, &request, &options.cancelled};
    std::vector<std::string> lines = request.headers;
    if (request.withAuth) {
        std::lock_guard lock(authMutex);
        if (!token.empty())
            lines.push_back("Authorization: Bearer " + token);
        else if (challenge.scheme == "basic" && credentials)
            lines.push_back("Authorization: Basic " +
                            base64Encode(credentials->username + ":" + credentials->password));
    }
    if (request.basic)
        lines.push_back("Authorization: Basic " +
                        base64Encode(request.basic->username + ":" + request.basic->password));
    for (const std::string& l : lines) headers = lib->slist_append(headers, l.c_str());
    const std::string userAgent = "juxta/" JUXTA_VERSION_TEXT;
    const char* protocols = options.tlsVerify ? "https" : "https,http";
    lib->easy_setopt(h, CURLOPT_URL, url.c_str());
    lib->easy_setopt(h, CURLOPT_PROTOCOLS_STR, url.rfind("http:", 0) == 0 ? "http" : protocols);
    lib->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    lib->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    lib->easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    lib->easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);  // no Authorization to another host
    lib->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    lib->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 15000L);
    lib->easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);  // under 1 KiB/s for a minute: stalled
    lib->easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
    lib->easy_setopt(h, CURLOPT_TIMEOUT, request.timeoutSeconds);
    lib->easy_setopt(h, CURLOPT_USERAGENT, userAgent.c_str());
    lib->easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    lib->easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
    lib->easy_setopt(h, CURLOPT_HEADERFUNCTION, &onHeader);
    lib->easy_setopt(h, CURLOPT_HEADERDATA, &t);
    lib->easy_setopt(h, CURLOPT_WRITEFUNCTION, &onBody);
    lib->easy_setopt(h, CURLOPT_WRITEDATA, &t);
    lib->easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    lib->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &onProgress);
    lib->easy_setopt(h, CURLOPT_XFERINFODATA, &t);
    lib->easy_setopt(h, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    if (!options.tlsVerify) {
        lib->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        lib->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_blob ca{caBlob.data(), caBlob.size(), CURL_BLOB_NOCOPY};
    if (!caBlob.empty()) lib->easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
    if (!clientCert.empty()) {
        lib->easy_setopt(h, CURLOPT_SSLCERT, clientCert.c_str());
        lib->easy_setopt(h, CURLOPT_SSLKEY, clientKey.c_str());
    }
    reply.code = lib->easy_perform(h);
    lib->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
    reply.curlError = errorBuffer;
    if (char* effective = nullptr;
        lib->easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
        reply.effectiveUrl = effective;
    lib->slist_free_all(headers);
    lib->easy_cleanup(h);
    return reply;
}

Result<Reply> RegistryClient::Impl::performRetrying(const std::string& url, const Request& request) {
    std::chrono::milliseconds backoff(500);
    for (int attempt = 1;; ++attempt) {
        auto reply = perform(url, request);
        if (!reply) return reply;
        const bool again = (reply->code != CURLE_OK && retriable(reply->code)) ||
                           (reply->code == CURLE_OK && retriableStatus(reply->status));
        if (!again || !request.retry || attempt == kAttempts) return reply;
        if (!sleepUnlessCancelled(backoff, options.cancelled)) return Error(ECANCELED, "cancelled");
        backoff *= 2;
    }
}

Status RegistryClient::Impl::authenticate(const AuthChallenge& c) {
    if (c.scheme == "basic") {
        if (!credentials)
            return Error(EACCES, where() + " asks for a user name and password — `juxtactl login " +
                                     ref.registry + "` or --creds USER:PASSWORD");
        std::lock_guard lock(authMutex);
        challenge = c;
        return {};
    }
    if (c.scheme != "bearer")
        return Error(ENOTSUP, where() + " asks for '" + printableText(c.scheme) +
                                  "' authentication, which Juxta does not speak");
    auto realm = c.params.find("realm");
    if (realm == c.params.end() || realm->second.empty())
        return Error(EPROTO, where() + " asks for a token but names no realm to get it from");
    const std::string& realmUrl = realm->second;
    if (realmUrl.rfind("https://", 0) != 0 && !(realmUrl.rfind("http://", 0) == 0 && !options.tlsVerify))
        return Error(EPROTO,
                     where() + ": its token realm '" + printableText(realmUrl) + "' is not an https:// URL");
    // The credentials go to a realm on the registry's own site only; elsewhere the token is anonymous.
    const bool sendCredentials = credentials && sameSite(hostOf(base), hostOf(realmUrl));
    const auto escape = [this](const std::string& s) {
        char* e = lib->easy_escape(nullptr, s.c_str(), int(s.size()));
        std::string out = e ? e : "";
        lib->free(e);
        return out;
    };
    std::string url = realmUrl + (realmUrl.find('?') == std::string::npos ? "?" : "&");
    if (auto service = c.params.find("service"); service != c.params.end())
        url += "service=" + escape(service->second) + "&";
    url += "scope=" + escape("repository:" + ref.repository + ":pull");
    Request req;
    req.maxBody = kMaxTokenBytes;
    req.withAuth = false;
    if (sendCredentials) req.basic = credentials;
    auto reply = performRetrying(url, req);
    if (!reply) return reply.error();
    if (reply->code != CURLE_OK && !reply->tooLarge) return transportError(*reply).wrap("token");
    if (reply->tooLarge) return Error(EFBIG, where() + ": its token reply is larger than 64 KiB");
    if (reply->status == 401 || reply->status == 403)
        return Error(EACCES, where() + " refused " +
                                 (sendCredentials ? "the credentials for " + credentials->username
                                                  : std::string("an anonymous pull")) +
                                 " (" + describeFailure(*reply) + ")" +
                                 (credentials ? "" : " — `juxtactl login " + ref.registry + "` first"));
    if (reply->status != 200)
        return Error(EPROTO, where() + ": its token server answered " + describeFailure(*reply));
    auto doc = parseBoundedJson(reply->body, JsonLimits{kMaxTokenBytes, 8}, "token reply");
    if (!doc) return doc.error().wrap(where());
    if (!doc->is_object()) return Error(EPROTO, where() + ": its token reply is not a JSON object");
    const JsonReader r(*doc, "token reply");
    std::string tok = r.string("token", "");
    if (tok.empty()) tok = r.string("access_token", "");
    const auto expiresIn = r.integer<std::int64_t>("expires_in", 60);
    if (Status s = r.status(); !s) return s.error().wrap(where());
    if (tok.empty()) return Error(EPROTO, where() + ": its token reply has no token");
    // RFC 6750's b64token characters: nothing that could end or bend a header line.
    if (std::any_of(tok.begin(), tok.end(), [](char ch) { return ch <= 0x20 || ch >= 0x7f; }))
        return Error(EPROTO, where() + ": its token has characters a header cannot carry");
    std::lock_guard lock(authMutex);
    challenge = c;
    token = tok;
    // Reused until a little before it expires (the spec's default lifetime is 60 s).
    tokenExpires = Clock::now() + std::chrono::seconds(std::clamp<std::int64_t>(expiresIn, 10, 86400) - 5);
    return {};
}

Result<Reply> RegistryClient::Impl::request(const std::string& path, const Request& req) {
    const std::string url = base + path;
    {
        std::unique_lock lock(authMutex);
        if (!token.empty() && Clock::now() >= tokenExpires) {
            token.clear();
            const AuthChallenge c = challenge;
            lock.unlock();
            if (Status s = authenticate(c); !s) return s.error();
        }
    }
    for (int authTry = 0;; ++authTry) {
        auto reply = performRetrying(url, req);
        if (!reply) return reply;
        if (reply->code == CURLE_OK && reply->status == 401 && !reply->effectiveUrl.empty() &&
            hostOf(reply->effectiveUrl) != hostOf(base))  // a redirect's target asks: it gets nothing of ours
            return Error(EACCES, where() + " sent this request on to " +
                                     printableText(hostOf(reply->effectiveUrl)) +
                                     ", which asks for credentials: they are not given to another host");
        if (reply->code == CURLE_OK && reply->status == 401 && authTry == 0) {
            auto c = parseAuthChallenge(reply->wwwAuthenticate);
            if (!c) return c.error().wrap(where());
            {
                std::lock_guard lock(authMutex);
                token.clear();
            }
            if (Status s = authenticate(*c); !s) return s.error();
            continue;
        }
        if (reply->code == CURLE_OK && reply->status == 401)
            return Error(EACCES, where() + " refused the " +
                                     (credentials ? "credentials of " + credentials->username
                                                  : std::string("anonymous request")) +
                                     ": " + describeFailure(*reply));
        return reply;
    }
}

RegistryClient::RegistryClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RegistryClient::~RegistryClient() = default;

Result<std::unique_ptr<RegistryClient>> RegistryClient::connect(const Reference& ref,
                                                                RegistryOptions options) {
    const auto& lib = loadLibcurl();
    if (!lib) return lib.error();
    if (Status s = Sha256::available(); !s) return s.error();
    auto impl = std::make_unique<Impl>();
    impl->lib = *lib;
    impl->ref = ref;
    impl->options = std::move(options);
    impl->credentials = impl->options.credentials;
    if (!impl->credentials) {
        auto found = findCredentials(ref.registry);
        if (!found) return found.error();
        impl->credentials = *found;
    }
    if (Status s = impl->loadCertificates(); !s) return s.error();
    std::vector<std::string> schemes{"https"};
    if (!impl->options.tlsVerify) schemes.push_back("http");
    Result<Reply> ping = Error(EIO, "");
    for (const std::string& scheme : schemes) {
        impl->base = scheme + "://" + ref.apiHost();
        Request req;
        req.withAuth = false;
        // https without checking, then http: a plain-http registry refuses the TLS handshake at once,
        // which is an answer, not a failure to wait out with back-off.
        req.retry = &scheme == &schemes.back();
        ping = impl->performRetrying(impl->base + "/v2/", req);
        if (!ping) return ping.error();
        if (ping->code == CURLE_OK) break;
    }
    if (ping->code != CURLE_OK) return impl->transportError(*ping);
    if (ping->status == 401) {
        auto c = parseAuthChallenge(ping->wwwAuthenticate);
        if (!c) return c.error().wrap(impl->where());
        if (Status s = impl->authenticate(*c); !s) return s.error();
    } else if (ping->status == 404) {
        return Error(EPROTO,
                     impl->where() + " is not a container registry: " + impl->base + "/v2/ was not found");
    } else if (ping->status != 200) {
        return Error(EPROTO,
                     impl->where() + " answered " + describeFailure(*ping) + " at " + impl->base + "/v2/");
    }
    return std::unique_ptr<RegistryClient>(new RegistryClient(std::move(impl)));
}

Status RegistryClient::checkLogin() {
    Request req;
    auto reply = impl_->request("/v2/", req);
    if (!reply) return reply.error();
    if (reply->code != CURLE_OK) return impl_->transportError(*reply);
    if (reply->status != 200)
        return Error(EACCES, impl_->where() + " refused the login: " + describeFailure(*reply));
    return {};
}

Result<Manifest> RegistryClient::manifest(const std::string& tagOrDigest) {
    Request req;
    req.headers.push_back(kManifestTypes);
    req.maxBody = kMaxManifestBytes;
    const std::string what = impl_->ref.repository + ":" + tagOrDigest;
    auto reply = impl_->request("/v2/" + impl_->ref.repository + "/manifests/" + tagOrDigest, req);
    if (!reply) return reply.error();
    if (reply->tooLarge && reply->status >= 200 && reply->status < 300)
        return Error(EFBIG, "the manifest of " + what + " is larger than 4 MiB — refusing it");
    if (reply->code != CURLE_OK) return impl_->transportError(*reply);
    if (reply->status == 404)
        return Error(ENOENT, impl_->ref.familiar() + ": no such image in " + impl_->ref.registry + " (" +
                                 describeFailure(*reply) + ")");
    if (reply->status != 200)
        return Error(EPROTO, impl_->where() + ": manifest of " + what + ": " + describeFailure(*reply));
    Manifest m;
    m.body = std::move(reply->body);
    m.mediaType = reply->contentType;
    m.digest = "sha256:" + sha256Hex(m.body);
    if (tagOrDigest.rfind("sha256:", 0) == 0 && m.digest != tagOrDigest)
        return Error(EBADMSG, impl_->where() + " sent a manifest whose digest is " + m.digest + ", not " +
                                  tagOrDigest);
    return m;
}

Result<std::string> RegistryClient::smallBlob(const std::string& digest, std::size_t maxBytes) {
    auto hex = parseDigest(digest);
    if (!hex) return hex.error();
    Request req;
    req.maxBody = maxBytes;
    auto reply = impl_->request("/v2/" + impl_->ref.repository + "/blobs/" + digest, req);
    if (!reply) return reply.error();
    if (reply->tooLarge && reply->status >= 200 && reply->status < 300)
        return Error(EFBIG, "blob " + digest + " is larger than " + std::to_string(maxBytes >> 10) +
                                " KiB — refusing it");
    if (reply->code != CURLE_OK) return impl_->transportError(*reply);
    if (reply->status != 200)
        return Error(reply->status == 404 ? ENOENT : EPROTO,
                     impl_->where() + ": blob " + digest + ": " + describeFailure(*reply));
    if (sha256Hex(reply->body) != *hex)
        return Error(EBADMSG, "blob " + digest +
                                  " arrived with the wrong digest (sha256:" + sha256Hex(reply->body) + ")");
    return std::move(reply->body);
}

Status RegistryClient::blobToFile(const std::string& digest, std::int64_t size, const fs::path& target,
                                  const BlobProgress& progress, std::uint64_t minFreeBytes) {
    auto hex = parseDigest(digest);
    if (!hex) return hex.error();
    if (size < 0) return Error(EINVAL, "blob " + digest + " has a negative size");
    const fs::path partial = target.string() + ".partial";
    const auto& cancelled = impl_->options.cancelled;
    UniqueFd fd;
    for (;;) {  // the partial file, locked; one another process removed or renamed meanwhile is opened again
        fd = UniqueFd(::open(partial.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!fd) return Error::fromErrno("open " + partial.string());
        while (::flock(fd.get(), LOCK_EX | LOCK_NB) < 0) {  // another pull is fetching it: wait, cancellably
            if (errno != EWOULDBLOCK && errno != EINTR) return Error::fromErrno("lock " + partial.string());
            if (!sleepUnlessCancelled(std::chrono::milliseconds(100), cancelled))
                return Error(ECANCELED, "cancelled");
        }
        struct stat held {
        }, named{};
        if (::fstat(fd.get(), &held) < 0) return Error::fromErrno("stat " + partial.string());
        if (::stat(partial.c_str(), &named) == 0 && named.st_dev == held.st_dev &&
            named.st_ino == held.st_ino)
            break;
    }
    std::error_code ec;
    if (fs::exists(target, ec)) {  // another pull finished it while this one waited
        ::unlink(partial.c_str());
        return {};
    }
    // What an earlier, interrupted download left is hashed first, then the rest is asked for.
    Sha256 hash;
    std::int64_t have = 0;
    {
        std::vector<char> buffer(1 << 20);
        for (;;) {
            const ssize_t n = ::pread(fd.get(), buffer.data(), buffer.size(), have);
            if (n < 0) return Error::fromErrno("read " + partial.string());
            if (n == 0) break;
            hash.update(buffer.data(), std::size_t(n));
            have += n;
        }
    }
    const auto restart = [&]() -> Status {
        if (::ftruncate(fd.get(), 0) < 0) return Error::fromErrno("truncate " + partial.string());
        hash = Sha256();
        have = 0;
        return {};
    };
    if (have > size)
        if (Status st = restart(); !st) return st;
    std::optional<Error> refused;  // why the sink stopped the transfer
    std::chrono::milliseconds backoff(500);
    const std::string path = "/v2/" + impl_->ref.repository + "/blobs/" + digest;
    for (int attempt = 1; have < size || size == 0; ++attempt) {
        Request req;
        req.retry = false;       // retried below, from what has arrived
        req.timeoutSeconds = 0;  // a layer takes as long as it takes while it moves
        const std::int64_t asked = have;
        if (asked > 0) req.headers.push_back("Range: bytes=" + std::to_string(asked) + "-");
        bool first = true;
        std::int64_t sinceCheck = 0;
        req.sink = [&](const char* data, std::size_t n, long status, long long rangeStart) {
            if (first) {
                first = false;
                // A 206 must continue exactly where we are; a 200 (the range ignored) starts over.
                if (status == 206 && rangeStart != asked) {
                    refused = Error(EPROTO, impl_->where() + ": blob " + digest +
                                                ": asked for the bytes from " + std::to_string(asked) +
                                                " on, got a reply from " + std::to_string(rangeStart));
                    return false;
                }
                if (status != 206 && have > 0)
                    if (Status st = restart(); !st) {
                        refused = st.error();
                        return false;
                    }
            }
            if (have + std::int64_t(n) > size) {
                ::ftruncate(fd.get(), 0);
                refused = Error(EBADMSG, "blob " + digest + " is longer than the " + std::to_string(size) +
                                             " bytes its manifest says");
                return false;
            }
            for (std::size_t off = 0; off < n;) {
                const ssize_t w = ::pwrite(fd.get(), data + off, n - off, have + std::int64_t(off));
                if (w < 0) {
                    refused = Error::fromErrno("write " + partial.string());
                    return false;
                }
                off += std::size_t(w);
            }
            hash.update(data, n);
            have += std::int64_t(n);
            // The free-space floor, looked at every 8 MiB (a registry may stream whatever it declares).
            if ((sinceCheck += std::int64_t(n)) >= (8 << 20) && minFreeBytes > 0) {
                sinceCheck = 0;
                struct statvfs fsStat {};
                if (::fstatvfs(fd.get(), &fsStat) == 0 &&
                    std::uint64_t(fsStat.f_bavail) * fsStat.f_frsize < minFreeBytes) {
                    refused = Error(ENOSPC, "stopped: the filesystem of " + target.parent_path().string() +
                                                " would fall below its floor of " +
                                                std::to_string(minFreeBytes >> 20) +
                                                " MiB free (--min-free, JUXTA_MIN_FREE)");
                    return false;
                }
            }
            if (progress) progress(have, size);
            return true;
        };
        auto reply = impl_->request(path, req);
        if (!reply) return reply.error();
        if (refused) {
            if (refused->code() == EBADMSG) ::unlink(partial.c_str());
            return *refused;
        }
        const bool progressed = have > asked;
        if (reply->code == CURLE_OK && reply->status == 416) {  // what we hold is no prefix of it
            if (Status st = restart(); !st) return st;
        } else if (reply->code == CURLE_OK && (reply->status == 200 || reply->status == 206)) {
            if (have >= size) break;
            // The reply ended early without a transport error: ask for the rest.
        } else if (reply->code == CURLE_OK) {
            return Error(reply->status == 404 ? ENOENT : EPROTO,
                         impl_->where() + ": blob " + digest + ": " + describeFailure(*reply));
        } else if (reply->code == CURLE_ABORTED_BY_CALLBACK || !retriable(reply->code)) {
            return impl_->transportError(*reply);
        }
        if (progressed) {  // bytes arrived: the connection is worth more tries (bounded by the size)
            attempt = 0;
            backoff = std::chrono::milliseconds(500);
        }
        if (attempt >= kAttempts) {
            if (reply->code == CURLE_OK)
                return Error(EPROTO, impl_->where() + ": blob " + digest + ": " + std::to_string(attempt) +
                                         " replies in a row ended early, at byte " + std::to_string(have) +
                                         " of " + std::to_string(size));
            return impl_->transportError(*reply).wrap("blob " + digest + " after " + std::to_string(attempt) +
                                                      " tries");
        }
        if (!sleepUnlessCancelled(backoff, cancelled)) return Error(ECANCELED, "cancelled");
        backoff = std::min(backoff * 2, std::chrono::milliseconds(8000));
    }
    const std::string got = hash.hexDigest();
    if (have != size || got != *hex) {
        ::unlink(partial.c_str());
        return Error(EBADMSG,
                     "blob " + digest + " arrived with the wrong digest (sha256:" + got +
                         ") — the registry, or something between, sent other bytes; nothing of it was kept");
    }
    if (::fsync(fd.get()) < 0) return Error::fromErrno("fsync " + partial.string());
    if (::rename(partial.c_str(), target.c_str()) < 0) return Error::fromErrno("rename " + partial.string());
    return {};
}

}  // namespace juxta::images
