#include "images/image.h"

namespace juxta::images {

std::vector<std::string> commandLine(const ImageConfig& config, const std::vector<std::string>& command) {
    std::vector<std::string> line = config.entrypoint;
    const auto& tail = command.empty() ? config.cmd : command;
    line.insert(line.end(), tail.begin(), tail.end());
    return line;
}

}  // namespace juxta::images
