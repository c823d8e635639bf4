#pragma once
// A compose project brought up as Juxta's own containers and VMs (issue 16): `compose up -d`,
// `ps`, `down`. Each service is a container named <project>-<service> on the Juxta bridge, started
// as soon as what it depends on is started, healthy or completed successfully — each service
// waits in a thread of its own, so independent services start side by side; its ports, volumes (a named
// volume is <project>_<name>), limits, health check, environment, command, user and working directory as the
// file says. Services find each other by name: the project's hosts file (every service's address under its
// name) is bound read-only at /etc/hosts in each, and rewritten in place (never emptied first) with
// each service's line before that service starts.
//
// What a project made is written down as it is made (dataDir()/compose/<project>/project.json), so
// `down` removes exactly that — a stack brought up half-way (a service that failed) included.
// A service with `x-juxta: {as: vm}` (or every one, `--as vm`) is its image booted as a VM on the
// same bridge (vmm/lifecycle/vm_service.h): the command a container of it would run is the VM's
// service, its health checked through the guest agent, the project's hosts lines written into the
// guest as they change — so containers and VMs of one project find each other by name. Its named
// volumes are disks (the runtime's volume of that name holds disk.ext4); a bind mount is refused (a
// VM has disks, not host directories), as is one volume for both kinds or a disk two VMs would write.
// A service's `restart:` is applied by its monitor, either kind (instances/restart.h).
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "compose/model.h"
#include "core/error.h"

namespace juxta::compose {

struct UpOptions {
    std::chrono::seconds waitLimit{
        120};  // for each dependency's condition (longer when its check may take longer)
    std::function<void(const std::string&)> progress;  // "db: started", "web: waiting for db (healthy)"
    std::function<bool()> cancelled;                   // true: start nothing more, stop waiting (ECANCELED)
};

Status up(const Project& project, const UpOptions& options = {});

// How long `up` waits for a dependency's condition: `floor`, or — when the dependency's own health
// check may take longer to decide (a long start period, slow checks, many retries) — the most its
// checks can take before they call it unhealthy, and half a minute more. The check decides; the
// limit only ends a wait for one that never does. Docker's defaults where the file gives none.
std::chrono::seconds dependencyWaitLimit(const Project& project, const Dependency& dependency,
                                         std::chrono::seconds floor);

struct ServiceStatus {
    std::string service;
    std::string container;  // its instance's name
    std::string id;
    std::string status;           // as `juxtactl ps` says it ("running (healthy)", "exited 0")
    std::string ports;            // "127.0.0.1:8080->80/tcp, ...", as `ps` shows them
    std::vector<Port> published;  // the same, as values
    bool vm = false;              // an image VM, not a container
    bool live = false;            // running or paused
    // Running and healthy (running, where it has no health check), or ended with 0 by itself.
    bool ready = false;
    std::filesystem::path log;  // what it prints (a VM: its console)
};
// The services the project brought up, in start order. ENOENT: the project is not up.
Result<std::vector<ServiceStatus>> ps(const std::string& project);

// `compose stop`: the project's running services stopped (each with its stop_grace_period), in
// reverse start order, and kept; `compose start`: its services that are not running started again,
// in start order, each once what it depends on is running (its conditions are not awaited again).
// ENOENT: the project is not up.
Status stop(const std::string& project);
Status start(const std::string& project, const UpOptions& options = {});

// Stops (each with its stop_grace_period, 10 s by default) and removes the project's containers,
// in reverse start order, then its hosts file and record; `removeVolumes`: its named volumes too.
Status down(const std::string& project, bool removeVolumes);

}  // namespace juxta::compose
