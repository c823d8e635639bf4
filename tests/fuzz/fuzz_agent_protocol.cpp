// The guest agent protocol, both ends: the bytes a guest sends on its agent port, cut into lines
// and read as events by juxta-vmm (an exit event becomes the exec answer), and a line the host
// sends, read by the agent in the guest.
#include "fuzz_support.h"
#include "guest/agent/protocol.h"
#include "vmm/agent/agent_events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    juxta::vmm::LineSplitter lines(4096);
    for (size_t i = 0; i < size; ++i) {
        auto line = lines.push(data[i]);
        if (!line) continue;
        auto event = juxta::vmm::parseAgentEvent(*line);
        if (event && event->kind == juxta::vmm::AgentEvent::Kind::Exit)
            (void)juxta::vmm::shellExitStatus(juxta::vmm::execResult(event->body, 1.0));
    }
    (void)juxta::guest::parseRequest(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
