// The files juxtactl reads back about containers and VMs: state.json (as written by a monitor, or
// edited by hand) and the definitions. The same input is given to all four readers.
#include "fuzz_support.h"
#include "runtime/lifecycle/definition.h"
#include "runtime/lifecycle/state.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static juxta::fuzz::Scratch scratch;
    static const bool environment = [] {
        return ::setenv("JUXTA_RUNTIME_DIR", scratch.root().c_str(), 1) == 0;
    }();
    (void)environment;
    const std::string input = juxta::fuzz::text(data, size);
    (void)juxta::runtime::definitionFromJson(input);
    (void)juxta::vmm::vmDefinitionFromJson(input);
    const auto runtimeDir = scratch.root();
    scratch.write(std::filesystem::relative(juxta::runtime::stateDirOf("fuzz") / "state.json", runtimeDir),
                  input);
    scratch.write(std::filesystem::relative(juxta::vmm::vmStateDirOf("fuzz") / "state.json", runtimeDir),
                  input);
    (void)juxta::runtime::loadState("fuzz");
    (void)juxta::vmm::describe(juxta::vmm::loadVmState("fuzz"));
    return 0;
}
