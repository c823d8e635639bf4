#include "core/log.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <sys/stat.h>

#include <cstdio>
#include <mutex>
#include <vector>

#include "core/paths.h"

namespace juxta::log {
namespace {

std::mutex gMutex;
std::vector<spdlog::sink_ptr> gSinks;
spdlog::level::level_enum gLevel = spdlog::level::warn;

void ensureDefaultSinks() {
    if (gSinks.empty()) {
        auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        err->set_level(spdlog::level::warn);
        gSinks.push_back(err);
    }
}

}  // namespace

void init(const Options& options) {
    std::lock_guard lock(gMutex);
    gSinks.clear();
    auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    err->set_level(options.verbose ? spdlog::level::debug : spdlog::level::warn);
    err->set_pattern("%^%l%$ [%n] %v");
    gSinks.push_back(err);
    gLevel = options.verbose ? spdlog::level::debug : spdlog::level::info;
    if (options.toFile) {
        if (auto dir = paths::ensureDir(paths::stateDir())) {
            try {
                spdlog::file_event_handlers privateFiles;  // each log and its rotations: owner only
                privateFiles.after_open = [](const spdlog::filename_t&, std::FILE* f) {
                    ::fchmod(::fileno(f), 0600);
                };
                auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                    (dir.value() / options.fileName).string(), 5 * 1024 * 1024, 3, false, privateFiles);
                file->set_level(spdlog::level::debug);
                gSinks.push_back(file);
            } catch (const spdlog::spdlog_ex& e) {
                err->log(spdlog::details::log_msg("log", spdlog::level::warn,
                                                  std::string("log file disabled: ") + e.what()));
            }
        }
    }
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) {
        l->sinks() = gSinks;
        l->set_level(gLevel);
    });
}

std::shared_ptr<spdlog::logger> get(const std::string& subsystem) {
    std::lock_guard lock(gMutex);
    if (auto existing = spdlog::get(subsystem)) return existing;
    ensureDefaultSinks();
    auto logger = std::make_shared<spdlog::logger>(subsystem, gSinks.begin(), gSinks.end());
    logger->set_level(gLevel);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

}  // namespace juxta::log
