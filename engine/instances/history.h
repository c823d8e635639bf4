#pragma once
// Where an instance's resource history lies: a ring file (metrics/ring_file.h) its monitor records
// into once a second while it runs, beside its log, so it outlives the GUI, the monitor and a reboot,
// and goes when the instance is removed. When the monitor cannot record (no room for the file), it
// says why in a one-line file in the instance's runtime directory (on tmpfs, which a full disk does
// not stop), for the GUI and juxtactl to show.
#include <filesystem>
#include <string>

#include "core/instance.h"

namespace juxta::instances {

std::filesystem::path historyFileOf(InstanceKind kind,
                                    const std::string& id);  // <stateDir>/<kind>s/<id>.metrics
std::filesystem::path historyErrorFileOf(InstanceKind kind, const std::string& id);  // runDirOf/history.error
// Why the monitor could not record (the error file's first line, bounded); empty when it did.
std::string historyErrorOf(InstanceKind kind, const std::string& id);
// The host's own history, kept by `juxtactl metrics record` (a user service the GUI can switch on).
std::filesystem::path hostHistoryFile();  // <stateDir>/host.metrics

}  // namespace juxta::instances
