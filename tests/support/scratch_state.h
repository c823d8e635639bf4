#pragma once
// A temporary directory that takes every write of the engine under test: JUXTA_DATA_DIR,
// JUXTA_RUNTIME_DIR and JUXTA_STATE_DIR (core/paths.h) point at its data/, run/ and state/, in
// this process (useHere) or in a program it starts (environment). Removed with everything in it.
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <filesystem>
#include <string>
#include <vector>

namespace juxta::testing {

class ScratchState {
  public:
    bool isValid() const { return dir_.isValid(); }
    std::filesystem::path root() const { return dir_.path().toStdString(); }
    std::filesystem::path dataDir() const { return root() / "data"; }
    std::filesystem::path runtimeDir() const { return root() / "run"; }
    std::filesystem::path stateDir() const { return root() / "state"; }

    // This process's engine calls (and the programs it starts from now on) write here.
    void useHere() const;
    // The system environment, with the three variables pointing here.
    QProcessEnvironment environment() const;
    // Makes data/, run/ and state/ now (the engine makes what it needs itself, with its own modes).
    void makeDirs() const;
    // Processes other than this one that were started with this state (its data/ in their
    // environment): what a test left running, "PID COMMAND" each. With a grace, those still there
    // after it: a monitor writes its instance's last state, then ends, a moment later.
    std::vector<std::string> processesLeft(int graceMs = 0) const;

  private:
    std::vector<std::string> processesLeftNow() const;
    QTemporaryDir dir_;
};

}  // namespace juxta::testing
