<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>juxta::ui::GraphsPage</name>
    <message>
        <source>CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cached</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disk I/O</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last minute</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Time window:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Per core</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All cores</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Draw a line for each CPU core beside the total</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Core %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::InstanceListModel</name>
    <message>
        <source>Host</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>VM</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Starting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopping</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exited</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Crashed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This host</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This host (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::MainWindow</name>
    <message>
        <source>Juxta</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Graphs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New &amp;Container…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a container from an image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New &amp;VM…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a virtual machine from a kernel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start the selected instance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop the selected instance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pause the selected instance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete the selected instance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>C&amp;ompare…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run a workload as a host process, a container and a VM, side by side</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language, theme and sampling interval</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quit Juxta</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About Juxta</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About Juxta</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Instance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The host has no console of its own: use a terminal.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Juxta does not collect the host's logs: see journalctl.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Host: CPU %1 · memory %2 of %3 · sampling every %4 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>KVM: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PVM</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;h3&gt;Juxta %1&lt;/h3&gt;&lt;p&gt;Virtual machines and containers, side by side: live resource graphs for every instance, and the same workload run as a host process, a container and a VM with what each costs.&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resume the selected instance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is running. Stop it and delete it with its writable layer and log?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete %1 with its writable layer and log?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attached to %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The console closed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot attach: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 was created without an interactive terminal: its output is in the Logs tab.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is not running: start it to use its console.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attaching to %1…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::MetricSeriesModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory used</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cached</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory total</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disk read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disk write</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::NewContainerDialog</name>
    <message>
        <source>Read-only root file system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Interactive terminal (Console tab)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New Container</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An image from the store (juxtactl images); busybox is built in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>optional, e.g. web</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the image's default, e.g. sh -c 'while true; do date; sleep 1; done'</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no limit, e.g. 256M</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no limit, e.g. 1.5</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no limit, e.g. 128</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Memory limit:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>C&amp;PU limit (CPUs):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Tasks limit:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Network: a private network namespace with loopback only.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create and &amp;Start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose an image, e.g. busybox.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The command has a quote that is not closed.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::OverviewPage</name>
    <message>
        <source>What this host can run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not available — enable VT-x/AMD-V in the firmware and load kvm_intel or kvm_amd</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No permission to open /dev/kvm — add yourself to group kvm and log in again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hardware virtualization (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PVM (software nested virtualization) — stock Linux guests cannot boot here; only PVM-enabled guest kernels run at speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>/dev/kvm is present, but the kind of virtualization is unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>None — container limits and statistics are unavailable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>v1 (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>v2 (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hybrid — controllers on v1 (%1); v2 at %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This host</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Host name:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kernel:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU:</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1 (%n core(s))</source>
        <translation>
            <numerusform>%1 (%n core)</numerusform><numerusform>%1 (%n cores)</numerusform></translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load average:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Up since:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Started:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>KVM:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cgroups:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User namespaces:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not available — rootless containers cannot run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>overlayfs:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not available — load the overlay module</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>/dev/net/tun:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not available — load the tun module</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Privileges:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running as root</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not root — containers run rootless</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start-up, phase by phase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Image:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Limits:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Id:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start-up, phase by phase: %1 ms in all</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::PhaseTimelineChart</name>
    <message>
        <source>ms since the request</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A new language applies the next time Juxta starts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Sample every:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>juxta::ui::human</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>