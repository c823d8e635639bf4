#include "juxtactl/args.h"

namespace juxta::cli {

Result<Args> Args::parse(const std::vector<std::string>& argv, const ArgSpec& spec) {
    Args a;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg == "--") {
            a.rest_.assign(argv.begin() + i + 1, argv.end());
            break;
        }
        if (arg.size() > 1 && arg[0] == '-') {
            std::string name = arg, inlineValue;
            bool hasInline = false;
            if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
                name = arg.substr(0, eq);
                inlineValue = arg.substr(eq + 1);
                hasInline = true;
            }
            if (spec.flags.count(name) && !hasInline) {
                a.flags_.insert(name);
            } else if (spec.options.count(name)) {
                if (!hasInline) {
                    if (i + 1 >= argv.size()) return Error(EINVAL, "option " + name + " needs a value");
                    inlineValue = argv[++i];
                }
                a.values_[name].push_back(inlineValue);
            } else {
                return Error(EINVAL, "unknown option " + arg);
            }
            continue;
        }
        a.positionals_.push_back(arg);
        if (spec.positionalsEndOptions) {
            a.rest_.insert(a.rest_.end(), argv.begin() + i + 1, argv.end());
            break;
        }
    }
    return a;
}

std::optional<std::string> Args::value(const std::string& option) const {
    auto it = values_.find(option);
    if (it == values_.end()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::values(const std::string& option) const {
    auto it = values_.find(option);
    return it == values_.end() ? std::vector<std::string>() : it->second;
}

}  // namespace juxta::cli
