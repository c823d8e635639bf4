#pragma once
// A small command-line parser for juxtactl's subcommands: named flags, options with a value
// ("--memory 256M" or "--memory=256M"), positionals, and everything after "--" kept verbatim.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::cli {

struct ArgSpec {
    std::set<std::string> flags = {};    // e.g. "--json", "-t"
    std::set<std::string> options = {};  // take one value, e.g. "--memory"
    bool positionalsEndOptions = false;  // "run IMAGE CMD..." : the first positional starts the command
};

class Args {
  public:
    static Result<Args> parse(const std::vector<std::string>& argv, const ArgSpec& spec);

    bool has(const std::string& flag) const { return flags_.count(flag) != 0; }
    std::optional<std::string> value(const std::string& option) const;  // the last one given
    std::vector<std::string> values(const std::string& option) const;   // a repeatable option's, in order
    const std::vector<std::string>& positionals() const { return positionals_; }
    const std::vector<std::string>& rest() const { return rest_; }  // after "--"

  private:
    std::set<std::string> flags_;
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positionals_;
    std::vector<std::string> rest_;
};

}  // namespace juxta::cli
