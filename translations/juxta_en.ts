<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>juxta::ui::BarCharts</name>
    <message>
        <source>start-up ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ratio to the host (1.00×)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative to the host process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1 over the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory footprint and its parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::CompareSetup</name>
    <message>
        <source>&amp;Host process (the baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N = 1, 2, 4, … idle instances at once: host memory and start time against N, and how many would fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit, e.g. 256M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit, e.g. 1.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Workload:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeats:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM &amp;memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM v&amp;CPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container m&amp;emory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container CP&amp;Us:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Density of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to &amp;N:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unavailable on this host: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticked anyway, the result records why the VM did not run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one way to run the workload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>64M for each service unless set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As &amp;written (mixed: each service as its x-juxta says)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compose.yaml of your stack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose File to Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose files (compose.yaml compose.yml docker-compose.yaml docker-compose.yml *.yaml *.yml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Load on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load &amp;time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;onnections:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exhausts its memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first service that publishes a port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service with the smallest memory limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (no isolation phase)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your stack&apos;s compose file: it runs once as containers, once as VMs and once as it is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (VM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (limit %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — as written, every service is a container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a compose file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The compose file cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one way to run the stack.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first service that publishes a port: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service with the smallest memory limit: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::CompareWindow</name>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare — Juxta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the harness stopped and removed what it had started; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the comparison; the harness removes what it started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved comparisons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to reopen: the charts come from what was recorded, nothing runs again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a comparison, or open a saved one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen, one chart at a time (← → to move, Esc to leave)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into a folder: the PDF report, every chart as PNG and SVG, CSV, JSON and Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF &amp;report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; as %2 · %n repeat(s) · %3&lt;br&gt;%4</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While it ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run or open a comparison first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the comparison into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Save the PDF report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; as %2 · %3&lt;br&gt;%4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ComparisonCharts</name>
    <message>
        <source>Relative to the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-up, phase by phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory footprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU while it ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory while it ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density: memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density: start time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stack&apos;s memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to all-ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ComparisonTableModel</name>
    <message>
        <source>Repeats: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-up to the workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start and tear down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory over the host process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk unique to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host CPU outside the workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to all-ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory of all four</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ops/s before → after the hog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: how it ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>served its whole time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time until every service is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory of the whole stack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU of the whole stack, idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 requests on %2 connections in %3, %4 errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: requests/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: latency p50 / p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: requests/s while %2 exhausts its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: latency p50 / p99 while %2 exhausts its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: requests/s after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: runs as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>juxta-vmm (the guest&apos;s memory, its kernel&apos;s included) and its monitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the container&apos;s cgroup and its monitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: CPU, idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: disk, own / shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its own disk (allocated) / the image&apos;s disk, shared by its VMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its writable layer / the image&apos;s layers, shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ComposeDialog</name>
    <message>
        <source>started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up starts each service as a container, in the order its dependencies ask for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bringing %1 up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking %1 down…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Project %1 — %n service(s), from %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read and checked: Up starts it, Down stops and removes what Up started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is down</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::CreateDialog</name>
    <message>
        <source>Create and &amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::DensityChart</name>
    <message>
        <source>VMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projection: about %1 %2 would fit in %3 available (%4 each)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>instances started (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time to start all N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: their own memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: host memory used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, projected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host memory against the number of instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-up time against the number of instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not measured — %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::GraphsPage</name>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Per core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a line for each CPU core beside the total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Core %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exits per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory by service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU by service (of the host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk I/O by service (read + write)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network by service (received + sent)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::HostHistoryService</name>
    <message>
        <source>systemctl did not answer in 15 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>systemctl is not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no systemd user session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>systemctl failed (exit %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ImageListModel</name>
    <message>
        <source>Imported from an archive or a layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(imported)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repository:Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ImagesPage</name>
    <message>
        <source>&amp;Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pull…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 image, %1 on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images, %2 on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot list the images: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1: %2 freed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;No image selected. &lt;b&gt;Pull…&lt;/b&gt; one from a registry, or import one with &lt;code&gt;juxtactl image import&lt;/code&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pulled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unique, %2 shared with other images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposed ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1? Its layers that no other image or container uses are deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (every %2 s, timeout %3 s, %4 retries)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::InstanceListModel</name>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>health: starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 unhealthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its running services&apos; together</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::MainWindow</name>
    <message>
        <source>Juxta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Container…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a container from an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;VM…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the selected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ompare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a workload as a host process, a container and a VM, side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language, theme and sampling interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Juxta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Juxta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Juxta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host has no console of its own: use a terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Juxta does not collect the host&apos;s logs: see journalctl.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host: CPU %1 · memory %2 of %3 · sampling every %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KVM: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PVM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Juxta %1&lt;/h3&gt;&lt;p&gt;Virtual machines and containers, side by side: live resource graphs for every instance, and the same workload run as a host process, a container and a VM with what each costs.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume the selected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is running. Stop it and delete it with its writable layer and log?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 with its writable layer and log?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot attach: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was created without an interactive terminal: its output is in the Logs tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not running: start it to use its console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attaching to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a virtual machine (tiny-linux or a kernel of yours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare &amp;Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay the live graphs of two or more selected running instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is running. Power it off and delete it with its console log?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 with its console log?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host&apos;s history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not switch the juxta-metrics service on: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not switch the juxta-metrics service off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pull Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull an image from a registry (Docker Hub, quay.io, your own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instances and their graphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&amp;mages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The images in the store: size, what uses them, what they declare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Compose File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read a compose file and bring its services up as containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Compose File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose files (*.yaml *.yml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the project&apos;s services, each after what it depends on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the project&apos;s services and keep them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the project down: stop and remove its services (its named volumes stay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take %1 down? Its services are stopped and removed; its named volumes are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking %1 down…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one of %1&apos;s services to see its log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one of %1&apos;s services to use its console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare This &amp;Stack…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the selected compose project&apos;s file as containers, as VMs and as written, side by side</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::MetricSeriesModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::NewContainerDialog</name>
    <message>
        <source>Read-only root file system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interactive terminal (Console tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. web</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image&apos;s default, e.g. sh -c &apos;while true; do date; sleep 1; done&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit, e.g. 256M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit, e.g. 1.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit, e.g. 128</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memory limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;PU limit (CPUs):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tasks limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an image, e.g. busybox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command has a quote that is not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None — a private network namespace, loopback only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge — an address on juxta0: the host and other containers reach it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none, e.g. 8080:80 (host port:container port, comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP ports on the host&apos;s loopback that reach the container; with the bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net&amp;work:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ublished ports:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published ports are HOSTPORT:PORT, e.g. 8080:80 (not &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ull…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image from the store (juxtactl images), or a reference to pull (redis:7); busybox is built in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull the image typed here from its registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none, e.g. data:/var/lib/app /srv/www:/www:ro (space-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME:/path mounts the volume NAME (made if missing, kept after the container); /host/path:/path mounts a host directory; /path alone a fresh volume removed with the container. Add :ro for read-only. An empty volume starts with the image&apos;s files at its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Volumes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The volumes have a quote that is not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volumes are NAME:/path, /host/path:/path or /path, with :ro to add (not &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always, when it ends by itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unless stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On failure (a non-zero exit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its monitor starts it again after a back-off (200 ms, doubling to 30 s); Stop and Delete end that</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none, e.g. tier=front owner=web-team (space-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KEY=VALUE pairs kept with the container (juxtactl ps --json shows them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The labels have a quote that is not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels beginning with &quot;juxta.&quot; are Juxta&apos;s own (not &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::NewVmDialog</name>
    <message>
        <source>Start it anyway (it will not get far on this host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Virtual Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tiny-linux (Debian cloud kernel, busybox and the Juxta agent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My own kernel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. db-vm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a bzImage or an ELF vmlinux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image&apos;s default, e.g. console=ttyS0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest memory, e.g. 256M or 1G</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kernel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Init&amp;rd:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an initrd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command &amp;line:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;vCPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a kernel file, or pick the tiny-linux image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the guest some memory, e.g. 256M.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw disk images; tick one to attach it read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a raw disk image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw disk images (*.raw *.img *.ext4 *.disk);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticked: read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An OCI image, as a VM…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image from the store (juxtactl images): its layers become a read-only disk shared by every VM of it, joined in the guest with a disk of this VM&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This VM&apos;s own disk, for what it writes: kept across stop and start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCI ima&amp;ge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its disk si&amp;ze:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name an image of the store, e.g. busybox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;emove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None — no network card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge — a virtio-net card on juxta0: the host, containers and other VMs reach it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne&amp;twork:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices: serial console (Console tab), agent channel, the disks above (virtio-blk: vda, vdb, … in this order; a ticked disk is read-only), and the network card chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. /dev/vda1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One of the disks above (or a partition of it) whose ext4 file system becomes the root the VM&apos;s commands run in — a cloud image of yours, say; tiny-linux&apos;s kernel and agent boot it, not its own init</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;oot disk:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the disk whose file system is to be the root (or leave the root empty).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::OverlayWindow</name>
    <message>
        <source>Compare: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen, one chart at a time (← → to move, Esc to leave)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export charts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every chart as PNG and SVG in a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export charts to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk I/O (read + write)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network (received + sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::OverviewPage</name>
    <message>
        <source>What this host can run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available — enable VT-x/AMD-V in the firmware and load kvm_intel or kvm_amd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No permission to open /dev/kvm — add yourself to group kvm and log in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware virtualization (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PVM (software nested virtualization) — stock Linux guests cannot boot here; only PVM-enabled guest kernels run at speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/dev/kvm is present, but the kind of virtualization is unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None — container limits and statistics are unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v1 (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v2 (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid — controllers on v1 (%1); v2 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n core(s))</source>
        <translation>
            <numerusform>%1 (%n core)</numerusform>
            <numerusform>%1 (%n cores)</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load average:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up since:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KVM:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cgroups:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User namespaces:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available — rootless containers cannot run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overlayfs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available — load the overlay module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/dev/net/tun:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available — load the tun module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privileges:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running as root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not root — containers run rootless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-up, phase by phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-up, phase by phase: %1 ms in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volumes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 of %n service(s) running</source>
        <translation>
            <numerusform>%1 · %2 of %n service running</numerusform>
            <numerusform>%1 · %2 of %n services running</numerusform>
        </translation>
    </message>
    <message>
        <source>Compose file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (service %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::PhaseTimelineChart</name>
    <message>
        <source>ms since the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies the next time Juxta starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sample every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep the host&apos;s history while Juxta is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available here: %1. `juxtactl metrics record` keeps it while it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The juxta-metrics user service records the host&apos;s figures once a second, up to 30 days back; containers and VMs keep their own.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::PresentationWindow</name>
    <message>
        <source>Juxta — presentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2   ·   ← → to move, Esc to leave</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::PullImageDialog</name>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extracting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the registry&apos;s TLS certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. redis:7 or registry.example.com:5000/team/app:1.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchecked: https without checking the certificate, then plain http</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the saved login (juxtactl login), or anonymous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pulled: %1. New Container runs it as “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. What was downloaded stays for the next pull to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type an image reference, e.g. redis:7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the registry…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Extracting and checking the layers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::RecordedChart</name>
    <message>
        <source>seconds since the comparison began</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU (100 % = one core)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU while it ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory while it ran</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ReplayControl</name>
    <message>
        <source>%1×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay speed: how much faster than it was recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ReportWriter</name>
    <message>
        <source>workload %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n repeat(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>container memory %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container CPUs %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>VM %1 MiB, %n vCPU(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>kernel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KVM: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cgroup %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>load %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Juxta %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Juxta comparison %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write the PDF here; choose another folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Juxta: %1 as a host process, a container and a VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 · %2 · took %3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · cancelled before the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked for: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every figure below was measured in this run: the median of the repeats, their range in brackets, and the ratio to the host process where there is one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by Juxta on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot finish the PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Juxta: a web app, a database, a cache and a worker as containers and as VMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every figure below was measured in this run: the four services started one after another as instances of each kind, their memory while all four served, then the cache made to exhaust its memory and the others&apos; operations per second before and after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Juxta: %1 as containers, as VMs and as written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every figure below was measured in this run: the compose file brought up each way, one after another; each service&apos;s readiness from up, its memory and CPU while the stack idled, its disk; then a fixed-time load on the web service&apos;s published port, idle, while another service exhausts its memory, and after.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::ScenarioCharts</name>
    <message>
        <source>memory on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory of the four services, by service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the first start until all four are ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time until all four are ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds from the first start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ops/s relative to before the hog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (the hog)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OOM-killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolation: %1 — the others while the cache exhausts its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory on the host, by service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from up until every service is ready (healthy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time until every service is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests/s relative to before the hog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 starts to exhaust its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolation: %1 — %2 under load while %3 exhausts its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latency of one request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answers per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50, idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99, idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 while %1 exhausts its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>while %1 exhausts its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency on %1, p50 and p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per second on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::TimeSeriesChart</name>
    <message>
        <source>Export data as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::figures</name>
    <message>
        <source>%1 (%2 – %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start the instance, run /bin/true, tear it down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a fixed amount of integer hashing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sequential read/write over a buffer larger than the LLC, random-access latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tight loop of getppid system calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write + fsync of N MiB, read back, and fsync latency of small writes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP round trips over loopback inside the instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sleep, then report the resident set: the pure footprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OOM-killed (memory limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OOM-killed by the guest kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exited %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed by signal %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as written (mixed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your compose file, brought up as all containers, as all VMs and as written (mixed): time until every service is healthy, memory, idle CPU and disk by service, requests/s and latency on a published port, and what that does while one service exhausts its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its hog was never OOM-killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its hog was OOM-killed once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its hog was OOM-killed %1 times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hog did not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; the service: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running (healthy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running (starting)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running (unhealthy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a quick demo with a built-in stand-in (four copies of Juxta&apos;s own service program as a web app, a database, a cache and a worker) as four containers and as four VMs: memory, time to all-ready, and what the others do when the cache exhausts its memory; for your own stack, pick compose</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>juxta::ui::human</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 k/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 M/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
