#include "support/scratch_state.h"

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

namespace juxta::testing {
namespace {

struct Variable {
    const char* name;
    std::filesystem::path (ScratchState::*dir)() const;
};
constexpr Variable kVariables[] = {{"JUXTA_DATA_DIR", &ScratchState::dataDir},
                                   {"JUXTA_RUNTIME_DIR", &ScratchState::runtimeDir},
                                   {"JUXTA_STATE_DIR", &ScratchState::stateDir}};

}  // namespace

void ScratchState::useHere() const {
    for (const Variable& v : kVariables)
        qputenv(v.name, QByteArray::fromStdString((this->*v.dir)().string()));
}

QProcessEnvironment ScratchState::environment() const {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const Variable& v : kVariables)
        env.insert(v.name, QString::fromStdString((this->*v.dir)().string()));
    return env;
}

void ScratchState::makeDirs() const {
    for (const Variable& v : kVariables) std::filesystem::create_directories((this->*v.dir)());
}

std::vector<std::string> ScratchState::processesLeft(int graceMs) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
    for (;;) {
        std::vector<std::string> left = processesLeftNow();
        if (left.empty() || std::chrono::steady_clock::now() >= until) return left;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::vector<std::string> ScratchState::processesLeftNow() const {
    const std::string mark = std::string("JUXTA_DATA_DIR=") + dataDir().string() + '\0';
    std::vector<std::string> left;
    std::error_code ec;
    for (const auto& p : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string pid = p.path().filename();
        if (!std::isdigit(static_cast<unsigned char>(pid[0])) || pid == std::to_string(::getpid())) continue;
        std::ifstream env(p.path() / "environ");
        const std::string all((std::istreambuf_iterator<char>(env)), {});
        if (('\0' + all).find('\0' + mark) == std::string::npos) continue;
        std::ifstream comm(p.path() / "comm");
        std::string name;
        std::getline(comm, name);
        left.push_back(pid + " " + name);
    }
    return left;
}

}  // namespace juxta::testing
