#pragma once
// The "compose" scenario (issue 16): the architect's question for the user's own stack. Their compose
// file is brought up each way asked — every service a container, every service a VM, and as the file
// says (its `x-juxta: {as: vm}` choices: a mixed stack) — one way after another, each under a project
// name of its own (<name>-as-container, -as-vm, -as-written) and taken down with its volumes before
// the next, so no way starts from another's data. Each way measures:
//  - each service's readiness (healthy; running, where it has no health check), from `up`'s start;
//  - memory on the host by service (a container: its cgroup and its monitor; a VM: juxta-vmm with its
//    guest, kernel included, and its monitor) and CPU, both over an idle window;
//  - disk by service: its own (writable layer, or the VM's own disk) and shared (image layers, or the
//    image's disk every VM of it shares);
//  - a bounded HTTP load (http_load.h) on the published port of one service (web): requests/s and
//    p50/p99 latency with the stack idle, then while another service (the hog, by default the one with
//    the smallest memory limit) exhausts its memory — in its container or guest, for the whole phase,
//    `head -c` of twice its limit from /dev/zero into `tail` again each time the kernel kills it (the
//    kills counted) — and after.
// The project's own name is never touched; an earlier comparison's leftover <name>-as-<way> is taken
// down first. A way that cannot run here (no usable KVM for a VM, not root) says why and the others run.
#include "compare/harness.h"

namespace juxta::compare {

Result<Comparison> runComposeScenario(const HarnessOptions& options, const Callbacks& callbacks = {});

}  // namespace juxta::compare
