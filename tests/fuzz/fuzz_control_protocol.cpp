// juxta-vmm's control protocol: one request line from a client of the --api socket, answered
// against a machine that accepts everything (what the protocol does with the request is under
// test here, not the VM).
#include "fuzz_support.h"
#include "vmm/api/protocol.h"

namespace {

class AcceptingTarget : public juxta::vmm::ControlTarget {
  public:
    nlohmann::json status() override { return {{"state", "running"}, {"vcpus", 1}}; }
    juxta::Status pause() override { return {}; }
    juxta::Status resume() override { return {}; }
    juxta::Status stop(uint32_t) override { return {}; }
    nlohmann::json stats() override { return {{"exits", {{"io", 1}}}}; }
    nlohmann::json timings() override { return {{"phases", nlohmann::json::array()}}; }
    nlohmann::json agent(int) override { return {{"ready", true}}; }
    juxta::Result<nlohmann::json> exec(const juxta::vmm::ExecRequest& request) override {
        return nlohmann::json{
            {"exit_code", int(request.argv.size())}, {"signal", 0}, {"stdout", request.cwd}};
    }
    juxta::Status hosts(const std::string&) override { return {}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static AcceptingTarget target;
    const std::string line = juxta::fuzz::text(data, size);
    (void)juxta::vmm::isLongRequest(line);
    (void)juxta::vmm::handleControlRequest(line, target);
    return 0;
}
