<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>juxta::ui::BarCharts</name>
    <message>
        <source>start-up ↓</source>
        <translation>시작 시간 ↓</translation>
    </message>
    <message>
        <source>memory ↓</source>
        <translation>메모리 ↓</translation>
    </message>
    <message>
        <source>ratio to the host (1.00×)</source>
        <translation>호스트 대비 비율 (1.00×)</translation>
    </message>
    <message>
        <source>Relative to the host process</source>
        <translation>호스트 프로세스 대비</translation>
    </message>
    <message>
        <source>memory on the host</source>
        <translation>호스트의 메모리</translation>
    </message>
    <message>
        <source>total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>+%1 over the host</source>
        <translation>호스트보다 +%1</translation>
    </message>
    <message>
        <source>Memory footprint and its parts</source>
        <translation>메모리 사용량과 구성</translation>
    </message>
    <message>
        <source>%1: %2 — %3</source>
        <translation>%1: %2 — %3</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>사용 불가</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
</context>
<context>
    <name>juxta::ui::CompareSetup</name>
    <message>
        <source>&amp;Host process (the baseline)</source>
        <translation>호스트 프로세스(기준)(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Container</source>
        <translation>컨테이너(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;VM</source>
        <translation>VM(&amp;V)</translation>
    </message>
    <message>
        <source>N = 1, 2, 4, … idle instances at once: host memory and start time against N, and how many would fit</source>
        <translation>N = 1, 2, 4, … 개의 유휴 인스턴스를 동시에: N에 따른 호스트 메모리와 시작 시간, 그리고 몇 개까지 들어갈지</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>no limit, e.g. 256M</source>
        <translation>제한 없음, 예: 256M</translation>
    </message>
    <message>
        <source>no limit, e.g. 1.5</source>
        <translation>제한 없음, 예: 1.5</translation>
    </message>
    <message>
        <source>&amp;Workload:</source>
        <translation>작업(&amp;W):</translation>
    </message>
    <message>
        <source>Run as:</source>
        <translation>실행 방식:</translation>
    </message>
    <message>
        <source>&amp;Repeats:</source>
        <translation>반복 횟수(&amp;R):</translation>
    </message>
    <message>
        <source>VM &amp;memory:</source>
        <translation>VM 메모리(&amp;M):</translation>
    </message>
    <message>
        <source>VM v&amp;CPUs:</source>
        <translation>VM vCPU(&amp;C):</translation>
    </message>
    <message>
        <source>Container m&amp;emory:</source>
        <translation>컨테이너 메모리(&amp;E):</translation>
    </message>
    <message>
        <source>Container CP&amp;Us:</source>
        <translation>컨테이너 CPU(&amp;U):</translation>
    </message>
    <message>
        <source>containers</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>VMs</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>&amp;Density of:</source>
        <translation>밀도 측정 대상(&amp;D):</translation>
    </message>
    <message>
        <source>Up to &amp;N:</source>
        <translation>최대 N(&amp;N):</translation>
    </message>
    <message>
        <source>Unavailable on this host: %1</source>
        <translation>이 호스트에서 사용 불가: %1</translation>
    </message>
    <message>
        <source>Ticked anyway, the result records why the VM did not run.</source>
        <translation>그래도 선택하면, VM이 실행되지 않은 이유가 결과에 기록됩니다.</translation>
    </message>
    <message>
        <source>Tick at least one way to run the workload.</source>
        <translation>작업을 실행할 방식을 하나 이상 선택하세요.</translation>
    </message>
    <message>
        <source>64M for each service unless set</source>
        <translation>지정하지 않으면 서비스마다 64M</translation>
    </message>
    <message>
        <source>As &amp;written (mixed: each service as its x-juxta says)</source>
        <translation>작성된 대로(&amp;W) (혼합: 서비스마다 x-juxta가 정한 대로)</translation>
    </message>
    <message>
        <source>compose.yaml of your stack</source>
        <translation>스택의 compose.yaml</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Compose File to Compare</source>
        <translation>비교할 Compose 파일</translation>
    </message>
    <message>
        <source>Compose files (compose.yaml compose.yml docker-compose.yaml docker-compose.yml *.yaml *.yml);;All files (*)</source>
        <translation>Compose 파일 (compose.yaml compose.yml docker-compose.yaml docker-compose.yml *.yaml *.yml);;모든 파일 (*)</translation>
    </message>
    <message>
        <source> s each</source>
        <translation>초씩</translation>
    </message>
    <message>
        <source>Compose &amp;file:</source>
        <translation>Compose 파일(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Load on:</source>
        <translation>부하 대상(&amp;L):</translation>
    </message>
    <message>
        <source>Load &amp;time:</source>
        <translation>부하 시간(&amp;T):</translation>
    </message>
    <message>
        <source>C&amp;onnections:</source>
        <translation>연결 수(&amp;O):</translation>
    </message>
    <message>
        <source>Exhausts its memory:</source>
        <translation>메모리를 고갈시킬 서비스:</translation>
    </message>
    <message>
        <source>the first service that publishes a port</source>
        <translation>포트를 게시하는 첫 서비스</translation>
    </message>
    <message>
        <source>the service with the smallest memory limit</source>
        <translation>메모리 제한이 가장 작은 서비스</translation>
    </message>
    <message>
        <source>none (no isolation phase)</source>
        <translation>없음 (격리 단계 없음)</translation>
    </message>
    <message>
        <source>Choose your stack&apos;s compose file: it runs once as containers, once as VMs and once as it is written.</source>
        <translation>스택의 compose 파일을 고르세요: 컨테이너로 한 번, VM으로 한 번, 작성된 대로 한 번 실행합니다.</translation>
    </message>
    <message>
        <source>%1 (VM)</source>
        <translation>%1 (VM)</translation>
    </message>
    <message>
        <source>%1 (limit %2)</source>
        <translation>%1 (제한 %2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source> — as written, every service is a container</source>
        <translation> — 작성된 대로는 모든 서비스가 컨테이너입니다</translation>
    </message>
    <message>
        <source>Choose a compose file.</source>
        <translation>compose 파일을 고르세요.</translation>
    </message>
    <message>
        <source>The compose file cannot be read: %1</source>
        <translation>compose 파일을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Tick at least one way to run the stack.</source>
        <translation>스택을 실행할 방식을 하나 이상 고르세요.</translation>
    </message>
    <message>
        <source>the first service that publishes a port: %1</source>
        <translation>포트를 게시하는 첫 서비스: %1</translation>
    </message>
    <message>
        <source>the service with the smallest memory limit: %1</source>
        <translation>메모리 제한이 가장 작은 서비스: %1</translation>
    </message>
</context>
<context>
    <name>juxta::ui::CompareWindow</name>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>Compare — Juxta</source>
        <translation>비교 — Juxta</translation>
    </message>
    <message>
        <source>Cancelled: the harness stopped and removed what it had started; nothing was saved.</source>
        <translation>취소됨: 측정기가 시작한 것을 멈추고 제거했습니다. 저장된 것은 없습니다.</translation>
    </message>
    <message>
        <source>Run a comparison</source>
        <translation>비교 실행</translation>
    </message>
    <message>
        <source>Stop the comparison; the harness removes what it started</source>
        <translation>비교를 멈춥니다. 측정기가 시작한 것을 제거합니다</translation>
    </message>
    <message>
        <source>Saved comparisons</source>
        <translation>저장된 비교</translation>
    </message>
    <message>
        <source>Double-click to reopen: the charts come from what was recorded, nothing runs again</source>
        <translation>두 번 클릭하면 다시 엽니다: 차트는 기록된 값으로 그리며, 아무것도 다시 실행하지 않습니다</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Run a comparison, or open a saved one.</source>
        <translation>비교를 실행하거나 저장된 비교를 여세요.</translation>
    </message>
    <message>
        <source>&amp;Present</source>
        <translation>발표(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen, one chart at a time (← → to move, Esc to leave)</source>
        <translation>전체 화면, 한 번에 차트 하나 (← →로 이동, Esc로 나가기)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Into a folder: the PDF report, every chart as PNG and SVG, CSV, JSON and Markdown</source>
        <translation>폴더로: PDF 보고서, 모든 차트의 PNG와 SVG, CSV, JSON, Markdown</translation>
    </message>
    <message>
        <source>PDF &amp;report…</source>
        <translation>PDF 보고서(&amp;R)…</translation>
    </message>
    <message>
        <source>Finished in %1.</source>
        <translation>%1 만에 끝났습니다.</translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation>비교 실패: %1</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; as %2 · %n repeat(s) · %3&lt;br&gt;%4</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2 · %n회 반복 · %3&lt;br&gt;%4</numerusform>
        </translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Start-up</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>While it ran</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>밀도</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Every figure</source>
        <translation>모든 수치</translation>
    </message>
    <message>
        <source>Run or open a comparison first.</source>
        <translation>먼저 비교를 실행하거나 여세요.</translation>
    </message>
    <message>
        <source>Export the comparison into</source>
        <translation>비교를 내보낼 폴더</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) to %1.</source>
        <translation>
            <numerusform>%1에 파일 %n개를 썼습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the PDF report</source>
        <translation>PDF 보고서 저장</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF 보고서</translation>
    </message>
    <message>
        <source>The stack</source>
        <translation>스택</translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation>격리</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>부하</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; as %2 · %3&lt;br&gt;%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 · %3&lt;br&gt;%4</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ComparisonCharts</name>
    <message>
        <source>Relative to the host</source>
        <translation>호스트 대비</translation>
    </message>
    <message>
        <source>Start-up, phase by phase</source>
        <translation>단계별 시작 과정</translation>
    </message>
    <message>
        <source>Memory footprint</source>
        <translation>메모리 사용량</translation>
    </message>
    <message>
        <source>CPU while it ran</source>
        <translation>실행 중 CPU</translation>
    </message>
    <message>
        <source>Memory while it ran</source>
        <translation>실행 중 메모리</translation>
    </message>
    <message>
        <source>Density: memory</source>
        <translation>밀도: 메모리</translation>
    </message>
    <message>
        <source>Density: start time</source>
        <translation>밀도: 시작 시간</translation>
    </message>
    <message>
        <source>The stack&apos;s memory</source>
        <translation>스택의 메모리</translation>
    </message>
    <message>
        <source>Time to all-ready</source>
        <translation>모두 준비될 때까지</translation>
    </message>
    <message>
        <source>Isolation: %1</source>
        <translation>격리: %1</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>초당 요청 수</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>지연 시간</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ComparisonTableModel</name>
    <message>
        <source>Repeats: %1</source>
        <translation>반복: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>ran</source>
        <translation>실행됨</translation>
    </message>
    <message>
        <source>unavailable: %1</source>
        <translation>사용 불가: %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>Start-up to the workload</source>
        <translation>작업 시작까지</translation>
    </message>
    <message>
        <source>Start and tear down</source>
        <translation>시작과 정리</translation>
    </message>
    <message>
        <source>Memory on the host</source>
        <translation>호스트의 메모리</translation>
    </message>
    <message>
        <source>Memory over the host process</source>
        <translation>호스트 프로세스보다 더 쓴 메모리</translation>
    </message>
    <message>
        <source>Disk unique to it</source>
        <translation>전용 디스크</translation>
    </message>
    <message>
        <source>Disk shared</source>
        <translation>공유 디스크</translation>
    </message>
    <message>
        <source>Host CPU outside the workload</source>
        <translation>작업 밖에서 쓴 호스트 CPU</translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation>VM exit</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>수치</translation>
    </message>
    <message>
        <source>Time to all-ready</source>
        <translation>모두 준비될 때까지</translation>
    </message>
    <message>
        <source>Memory of all four</source>
        <translation>네 서비스 전체 메모리</translation>
    </message>
    <message>
        <source>%1: ready</source>
        <translation>%1: 준비</translation>
    </message>
    <message>
        <source>%1: memory</source>
        <translation>%1: 메모리</translation>
    </message>
    <message>
        <source>%1: ops/s before → after the hog</source>
        <translation>%1: 메모리 독점 전 → 후 ops/s</translation>
    </message>
    <message>
        <source>%1: how it ended</source>
        <translation>%1: 종료 방식</translation>
    </message>
    <message>
        <source>served its whole time</source>
        <translation>정해진 시간 동안 모두 서비스함</translation>
    </message>
    <message>
        <source>Time until every service is ready</source>
        <translation>모든 서비스가 준비될 때까지의 시간</translation>
    </message>
    <message>
        <source>Memory of the whole stack</source>
        <translation>스택 전체의 메모리</translation>
    </message>
    <message>
        <source>CPU of the whole stack, idle</source>
        <translation>유휴 시 스택 전체의 CPU</translation>
    </message>
    <message>
        <source>%1 requests on %2 connections in %3, %4 errors</source>
        <translation>연결 %2개로 %3 동안 요청 %1개, 오류 %4개</translation>
    </message>
    <message>
        <source>%1: requests/s</source>
        <translation>%1: 초당 요청</translation>
    </message>
    <message>
        <source>%1: latency p50 / p99</source>
        <translation>%1: 지연 시간 p50 / p99</translation>
    </message>
    <message>
        <source>%1: requests/s while %2 exhausts its memory</source>
        <translation>%1: %2이(가) 메모리를 고갈시키는 동안 초당 요청</translation>
    </message>
    <message>
        <source>%1: latency p50 / p99 while %2 exhausts its memory</source>
        <translation>%1: %2이(가) 메모리를 고갈시키는 동안 지연 시간 p50 / p99</translation>
    </message>
    <message>
        <source>%1: requests/s after</source>
        <translation>%1: 그 후 초당 요청</translation>
    </message>
    <message>
        <source>%1: runs as</source>
        <translation>%1: 실행 방식</translation>
    </message>
    <message>
        <source>juxta-vmm (the guest&apos;s memory, its kernel&apos;s included) and its monitor</source>
        <translation>juxta-vmm(게스트 메모리, 커널 포함)과 그 모니터</translation>
    </message>
    <message>
        <source>the container&apos;s cgroup and its monitor</source>
        <translation>컨테이너의 cgroup과 그 모니터</translation>
    </message>
    <message>
        <source>%1: CPU, idle</source>
        <translation>%1: 유휴 시 CPU</translation>
    </message>
    <message>
        <source>%1: disk, own / shared</source>
        <translation>%1: 디스크, 자체 / 공유</translation>
    </message>
    <message>
        <source>its own disk (allocated) / the image&apos;s disk, shared by its VMs</source>
        <translation>자체 디스크(할당분) / 그 VM들이 공유하는 이미지 디스크</translation>
    </message>
    <message>
        <source>its writable layer / the image&apos;s layers, shared</source>
        <translation>쓰기 가능 레이어 / 공유되는 이미지 레이어</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>응답 없음</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ComposeDialog</name>
    <message>
        <source>started</source>
        <translation>시작됨</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>정상</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>완료됨</translation>
    </message>
    <message>
        <source>Compose Project</source>
        <translation>컴포즈 프로젝트</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>서비스</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Runs as</source>
        <translation>실행 방식</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>포트</translation>
    </message>
    <message>
        <source>Waits for</source>
        <translation>기다리는 대상</translation>
    </message>
    <message>
        <source>Up starts each service as a container, in the order its dependencies ask for.</source>
        <translation>올리기는 각 서비스를 의존 관계가 요구하는 순서대로 컨테이너로 시작합니다.</translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation>올리기(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Down</source>
        <translation>내리기(&amp;D)</translation>
    </message>
    <message>
        <source>Bringing %1 up…</source>
        <translation>%1을(를) 올리는 중…</translation>
    </message>
    <message>
        <source>Taking %1 down…</source>
        <translation>%1을(를) 내리는 중…</translation>
    </message>
    <message numerus="yes">
        <source>Project %1 — %n service(s), from %2</source>
        <translation>
            <numerusform>프로젝트 %1 — 서비스 %n개, %2에서</numerusform>
        </translation>
    </message>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>container</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>Read and checked: Up starts it, Down stops and removes what Up started.</source>
        <translation>읽고 검사했습니다. 올리기로 시작하고, 내리기로 올리기가 시작한 것을 정지하고 제거합니다.</translation>
    </message>
    <message>
        <source>%1 is up</source>
        <translation>%1이(가) 올라왔습니다</translation>
    </message>
    <message>
        <source>%1 is down</source>
        <translation>%1을(를) 내렸습니다</translation>
    </message>
</context>
<context>
    <name>juxta::ui::CreateDialog</name>
    <message>
        <source>Create and &amp;Start</source>
        <translation>만들고 시작(&amp;S)</translation>
    </message>
</context>
<context>
    <name>juxta::ui::DensityChart</name>
    <message>
        <source>VMs</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>containers</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>Projection: about %1 %2 would fit in %3 available (%4 each)</source>
        <translation>추정: 사용 가능한 %3에 %2 약 %1개가 들어갑니다 (개당 %4)</translation>
    </message>
    <message>
        <source>instances started (N)</source>
        <translation>시작한 인스턴스 수 (N)</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>time to start all N</source>
        <translation>N개 모두 시작하는 시간</translation>
    </message>
    <message>
        <source>%1: their own memory</source>
        <translation>%1: 자체 메모리</translation>
    </message>
    <message>
        <source>%1: host memory used</source>
        <translation>%1: 사용한 호스트 메모리</translation>
    </message>
    <message>
        <source>%1, projected</source>
        <translation>%1, 추정</translation>
    </message>
    <message>
        <source>Host memory against the number of instances</source>
        <translation>인스턴스 수에 따른 호스트 메모리</translation>
    </message>
    <message>
        <source>Start-up time against the number of instances</source>
        <translation>인스턴스 수에 따른 시작 시간</translation>
    </message>
    <message>
        <source>%1: not measured — %2</source>
        <translation>%1: 측정 안 됨 — %2</translation>
    </message>
</context>
<context>
    <name>juxta::ui::GraphsPage</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>사용 중</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>캐시</translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation>디스크 I/O</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>읽기</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>쓰기</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>수신</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>송신</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>최근 1분</translation>
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation>최근 10분</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>최근 1시간</translation>
    </message>
    <message>
        <source>&amp;Time window:</source>
        <translation>시간 범위(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Per core</source>
        <translation>코어별(&amp;P)</translation>
    </message>
    <message>
        <source>All cores</source>
        <translation>전체 코어</translation>
    </message>
    <message>
        <source>Draw a line for each CPU core beside the total</source>
        <translation>전체와 함께 CPU 코어마다 선을 그립니다</translation>
    </message>
    <message>
        <source>Core %1</source>
        <translation>코어 %1</translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation>VM exit</translation>
    </message>
    <message>
        <source>Exits per second</source>
        <translation>초당 exit</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>최근 6시간</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>최근 24시간</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>제한</translation>
    </message>
    <message>
        <source>Memory by service</source>
        <translation>서비스별 메모리</translation>
    </message>
    <message>
        <source>CPU by service (of the host)</source>
        <translation>서비스별 CPU (호스트 대비)</translation>
    </message>
    <message>
        <source>Disk I/O by service (read + write)</source>
        <translation>서비스별 디스크 I/O (읽기 + 쓰기)</translation>
    </message>
    <message>
        <source>Network by service (received + sent)</source>
        <translation>서비스별 네트워크 (수신 + 송신)</translation>
    </message>
</context>
<context>
    <name>juxta::ui::HostHistoryService</name>
    <message>
        <source>systemctl did not answer in 15 s</source>
        <translation>systemctl이 15초 안에 응답하지 않았습니다</translation>
    </message>
    <message>
        <source>systemctl is not installed</source>
        <translation>systemctl이 설치되어 있지 않습니다</translation>
    </message>
    <message>
        <source>no systemd user session</source>
        <translation>systemd 사용자 세션이 없습니다</translation>
    </message>
    <message>
        <source>systemctl failed (exit %1)</source>
        <translation>systemctl 실패 (종료 코드 %1)</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ImageListModel</name>
    <message>
        <source>Imported from an archive or a layout</source>
        <translation>아카이브나 레이아웃에서 가져옴</translation>
    </message>
    <message>
        <source>(imported)</source>
        <translation>(가져옴)</translation>
    </message>
    <message>
        <source>unused</source>
        <translation>사용 안 함</translation>
    </message>
    <message>
        <source>container %1</source>
        <translation>컨테이너 %1</translation>
    </message>
    <message>
        <source>%1 containers</source>
        <translation>컨테이너 %1개</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Repository:Tag</source>
        <translation>저장소:태그</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>다이제스트</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Unique</source>
        <translation>전용</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>공유</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>만든 때</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>사용 중인 곳</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ImagesPage</name>
    <message>
        <source>&amp;Run…</source>
        <translation>실행(&amp;R)…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>제거(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Pull…</source>
        <translation>가져오기(&amp;P)…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>새로 고침(&amp;F)</translation>
    </message>
    <message>
        <source>1 image, %1 on disk</source>
        <translation>이미지 1개, 디스크 %1</translation>
    </message>
    <message>
        <source>%1 images, %2 on disk</source>
        <translation>이미지 %1개, 디스크 %2</translation>
    </message>
    <message>
        <source>Cannot list the images: %1</source>
        <translation>이미지 목록을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Removed %1: %2 freed.</source>
        <translation>%1을(를) 제거했습니다: %2 확보.</translation>
    </message>
    <message>
        <source>Cannot remove %1: %2</source>
        <translation>%1을(를) 제거할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>&lt;p&gt;No image selected. &lt;b&gt;Pull…&lt;/b&gt; one from a registry, or import one with &lt;code&gt;juxtactl image import&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;선택한 이미지가 없습니다. 레지스트리에서 &lt;b&gt;가져오기…&lt;/b&gt; 하거나 &lt;code&gt;juxtactl image import&lt;/code&gt;로 가져오세요.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>From</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>가져옴</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>다이제스트</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>플랫폼</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>만든 때</translation>
    </message>
    <message>
        <source>Pulled</source>
        <translation>받은 때</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>계층</translation>
    </message>
    <message>
        <source>On disk</source>
        <translation>디스크</translation>
    </message>
    <message>
        <source>%1 unique, %2 shared with other images</source>
        <translation>전용 %1, 다른 이미지와 공유 %2</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>사용 중인 곳</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>명령</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>작업 디렉터리</translation>
    </message>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>Stop signal</source>
        <translation>정지 시그널</translation>
    </message>
    <message>
        <source>Exposed ports</source>
        <translation>노출 포트</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>볼륨</translation>
    </message>
    <message>
        <source>Health check</source>
        <translation>상태 검사</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>환경 변수</translation>
    </message>
    <message>
        <source>Remove image</source>
        <translation>이미지 제거</translation>
    </message>
    <message>
        <source>Remove %1? Its layers that no other image or container uses are deleted.</source>
        <translation>%1을(를) 제거할까요? 다른 이미지나 컨테이너가 쓰지 않는 계층은 삭제됩니다.</translation>
    </message>
    <message>
        <source>%1 (every %2 s, timeout %3 s, %4 retries)</source>
        <translation>%1 (%2초마다, 제한 시간 %3초, 재시도 %4회)</translation>
    </message>
</context>
<context>
    <name>juxta::ui::InstanceListModel</name>
    <message>
        <source>Host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>생성됨</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>시작 중</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>일시 정지됨</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>정지 중</translation>
    </message>
    <message>
        <source>Exited</source>
        <translation>종료됨</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>비정상 종료</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>This host</source>
        <translation>이 호스트</translation>
    </message>
    <message>
        <source>This host (%1)</source>
        <translation>이 호스트 (%1)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 중 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>가동 시간</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>정상</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>비정상</translation>
    </message>
    <message>
        <source>health: starting</source>
        <translation>상태 검사: 시작 중</translation>
    </message>
    <message>
        <source>Compose project</source>
        <translation>컴포즈 프로젝트</translation>
    </message>
    <message>
        <source>%1 of %2 running</source>
        <translation>%2개 중 %1개 실행 중</translation>
    </message>
    <message>
        <source>, %1 unhealthy</source>
        <translation>, %1개 비정상</translation>
    </message>
    <message>
        <source>%1, from %2</source>
        <translation>%1, %2에서</translation>
    </message>
    <message>
        <source>Its running services&apos; together</source>
        <translation>실행 중인 서비스들의 합계</translation>
    </message>
</context>
<context>
    <name>juxta::ui::MainWindow</name>
    <message>
        <source>Juxta</source>
        <translation>Juxta</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <source>Graphs</source>
        <translation>그래프</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>New &amp;Container…</source>
        <translation>새 컨테이너(&amp;C)…</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Create a container from an image</source>
        <translation>이미지로 컨테이너를 만듭니다</translation>
    </message>
    <message>
        <source>New &amp;VM…</source>
        <translation>새 VM(&amp;V)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>시작(&amp;S)</translation>
    </message>
    <message>
        <source>Start the selected instance</source>
        <translation>선택한 인스턴스를 시작합니다</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>정지(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the selected instance</source>
        <translation>선택한 인스턴스를 정지합니다</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>Pause the selected instance</source>
        <translation>선택한 인스턴스를 일시 정지합니다</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected instance</source>
        <translation>선택한 인스턴스를 삭제합니다</translation>
    </message>
    <message>
        <source>C&amp;ompare…</source>
        <translation>비교(&amp;O)…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Run a workload as a host process, a container and a VM, side by side</source>
        <translation>같은 작업을 호스트 프로세스, 컨테이너, VM으로 나란히 실행합니다</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>환경 설정(&amp;P)…</translation>
    </message>
    <message>
        <source>Language, theme and sampling interval</source>
        <translation>언어, 테마, 측정 주기</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit Juxta</source>
        <translation>Juxta를 끝냅니다</translation>
    </message>
    <message>
        <source>&amp;About Juxta</source>
        <translation>Juxta 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About Juxta</source>
        <translation>Juxta 정보</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Instance</source>
        <translation>인스턴스(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>The host has no console of its own: use a terminal.</source>
        <translation>호스트에는 별도의 콘솔이 없습니다. 터미널을 사용하세요.</translation>
    </message>
    <message>
        <source>Juxta does not collect the host&apos;s logs: see journalctl.</source>
        <translation>Juxta는 호스트의 로그를 수집하지 않습니다. journalctl을 확인하세요.</translation>
    </message>
    <message>
        <source>Host: CPU %1 · memory %2 of %3 · sampling every %4 s</source>
        <translation>호스트: CPU %1 · 메모리 %3 중 %2 · %4초마다 측정</translation>
    </message>
    <message>
        <source>KVM: %1</source>
        <translation>KVM: %1</translation>
    </message>
    <message>
        <source>PVM</source>
        <translation>PVM</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>사용 불가</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>오류: %1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Juxta %1&lt;/h3&gt;&lt;p&gt;Virtual machines and containers, side by side: live resource graphs for every instance, and the same workload run as a host process, a container and a VM with what each costs.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Juxta %1&lt;/h3&gt;&lt;p&gt;가상 머신과 컨테이너를 나란히: 모든 인스턴스의 실시간 자원 그래프와, 같은 작업을 호스트 프로세스·컨테이너·VM으로 실행했을 때 각각의 비용을 보여 줍니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>다시 시작(&amp;R)</translation>
    </message>
    <message>
        <source>Resume the selected instance</source>
        <translation>선택한 인스턴스를 다시 실행합니다</translation>
    </message>
    <message>
        <source>%1 is running. Stop it and delete it with its writable layer and log?</source>
        <translation>%1이(가) 실행 중입니다. 정지하고 쓰기 계층과 로그까지 삭제할까요?</translation>
    </message>
    <message>
        <source>Delete %1 with its writable layer and log?</source>
        <translation>%1을(를) 쓰기 계층과 로그까지 삭제할까요?</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Attached to %1.</source>
        <translation>%1에 연결했습니다.</translation>
    </message>
    <message>
        <source>The console closed.</source>
        <translation>콘솔이 닫혔습니다.</translation>
    </message>
    <message>
        <source>Cannot attach: %1</source>
        <translation>연결할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 was created without an interactive terminal: its output is in the Logs tab.</source>
        <translation>%1은(는) 대화형 터미널 없이 만들어졌습니다. 출력은 로그 탭에 있습니다.</translation>
    </message>
    <message>
        <source>%1 is not running: start it to use its console.</source>
        <translation>%1이(가) 실행 중이 아닙니다. 콘솔을 쓰려면 시작하세요.</translation>
    </message>
    <message>
        <source>Attaching to %1…</source>
        <translation>%1에 연결하는 중…</translation>
    </message>
    <message>
        <source>Create a virtual machine (tiny-linux or a kernel of yours)</source>
        <translation>가상 머신을 만듭니다 (tiny-linux 또는 직접 고른 커널)</translation>
    </message>
    <message>
        <source>Compare &amp;Selected</source>
        <translation>선택 항목 비교(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K</source>
        <translation>Ctrl+Shift+K</translation>
    </message>
    <message>
        <source>Overlay the live graphs of two or more selected running instances</source>
        <translation>선택한 실행 중 인스턴스 둘 이상의 실시간 그래프를 겹쳐 봅니다</translation>
    </message>
    <message>
        <source>%1 is running. Power it off and delete it with its console log?</source>
        <translation>%1이(가) 실행 중입니다. 전원을 끄고 콘솔 로그까지 삭제할까요?</translation>
    </message>
    <message>
        <source>Delete %1 with its console log?</source>
        <translation>%1을(를) 콘솔 로그까지 삭제할까요?</translation>
    </message>
    <message>
        <source>The host&apos;s history</source>
        <translation>호스트 기록</translation>
    </message>
    <message>
        <source>Could not switch the juxta-metrics service on: %1</source>
        <translation>juxta-metrics 서비스를 켜지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Could not switch the juxta-metrics service off: %1</source>
        <translation>juxta-metrics 서비스를 끄지 못했습니다: %1</translation>
    </message>
    <message>
        <source>&amp;Pull Image…</source>
        <translation>이미지 가져오기(&amp;P)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Pull an image from a registry (Docker Hub, quay.io, your own)</source>
        <translation>레지스트리(Docker Hub, quay.io, 직접 운영하는 곳)에서 이미지를 가져옵니다</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>인스턴스</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>&amp;Instances</source>
        <translation>인스턴스(&amp;I)</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>The instances and their graphs</source>
        <translation>인스턴스와 그래프</translation>
    </message>
    <message>
        <source>I&amp;mages</source>
        <translation>이미지(&amp;M)</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>The images in the store: size, what uses them, what they declare</source>
        <translation>저장소의 이미지: 크기, 사용하는 곳, 선언한 내용</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Open &amp;Compose File…</source>
        <translation>컴포즈 파일 열기(&amp;C)…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Read a compose file and bring its services up as containers</source>
        <translation>컴포즈 파일을 읽고 그 서비스를 컨테이너로 올립니다</translation>
    </message>
    <message>
        <source>Open Compose File</source>
        <translation>컴포즈 파일 열기</translation>
    </message>
    <message>
        <source>Compose files (*.yaml *.yml);;All files (*)</source>
        <translation>컴포즈 파일 (*.yaml *.yml);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Compose: %1</source>
        <translation>컴포즈: %1</translation>
    </message>
    <message>
        <source>Start the project&apos;s services, each after what it depends on</source>
        <translation>프로젝트의 서비스를 의존하는 것 다음 순서로 시작</translation>
    </message>
    <message>
        <source>Stop the project&apos;s services and keep them</source>
        <translation>프로젝트의 서비스를 중지하고 보존</translation>
    </message>
    <message>
        <source>Take the project down: stop and remove its services (its named volumes stay)</source>
        <translation>프로젝트 내리기: 서비스를 중지하고 제거 (이름 있는 볼륨은 남음)</translation>
    </message>
    <message>
        <source>Take %1 down? Its services are stopped and removed; its named volumes are kept.</source>
        <translation>%1을(를) 내릴까요? 서비스는 중지되고 제거되며, 이름 있는 볼륨은 보존됩니다.</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>%1 시작 중…</translation>
    </message>
    <message>
        <source>Stopping %1…</source>
        <translation>%1 중지 중…</translation>
    </message>
    <message>
        <source>Taking %1 down…</source>
        <translation>%1을(를) 내리는 중…</translation>
    </message>
    <message>
        <source>Select one of %1&apos;s services to see its log.</source>
        <translation>로그를 보려면 %1의 서비스 하나를 선택하세요.</translation>
    </message>
    <message>
        <source>Select one of %1&apos;s services to use its console.</source>
        <translation>콘솔을 쓰려면 %1의 서비스 하나를 선택하세요.</translation>
    </message>
    <message>
        <source>Compare This &amp;Stack…</source>
        <translation>이 스택 비교(&amp;S)…</translation>
    </message>
    <message>
        <source>Run the selected compose project&apos;s file as containers, as VMs and as written, side by side</source>
        <translation>선택한 compose 프로젝트의 파일을 컨테이너로, VM으로, 작성된 대로 나란히 실행합니다</translation>
    </message>
</context>
<context>
    <name>juxta::ui::MetricSeriesModel</name>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>사용 메모리</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>캐시</translation>
    </message>
    <message>
        <source>Memory total</source>
        <translation>전체 메모리</translation>
    </message>
    <message>
        <source>Disk read</source>
        <translation>디스크 읽기</translation>
    </message>
    <message>
        <source>Disk write</source>
        <translation>디스크 쓰기</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>수신</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>송신</translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation>VM exit</translation>
    </message>
</context>
<context>
    <name>juxta::ui::NewContainerDialog</name>
    <message>
        <source>Read-only root file system</source>
        <translation>읽기 전용 루트 파일 시스템</translation>
    </message>
    <message>
        <source>Interactive terminal (Console tab)</source>
        <translation>대화형 터미널 (콘솔 탭)</translation>
    </message>
    <message>
        <source>New Container</source>
        <translation>새 컨테이너</translation>
    </message>
    <message>
        <source>optional, e.g. web</source>
        <translation>선택 사항, 예: web</translation>
    </message>
    <message>
        <source>the image&apos;s default, e.g. sh -c &apos;while true; do date; sleep 1; done&apos;</source>
        <translation>이미지 기본값, 예: sh -c &apos;while true; do date; sleep 1; done&apos;</translation>
    </message>
    <message>
        <source>no limit, e.g. 256M</source>
        <translation>제한 없음, 예: 256M</translation>
    </message>
    <message>
        <source>no limit, e.g. 1.5</source>
        <translation>제한 없음, 예: 1.5</translation>
    </message>
    <message>
        <source>no limit, e.g. 128</source>
        <translation>제한 없음, 예: 128</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>이미지(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>명령(&amp;C):</translation>
    </message>
    <message>
        <source>&amp;Memory limit:</source>
        <translation>메모리 제한(&amp;M):</translation>
    </message>
    <message>
        <source>C&amp;PU limit (CPUs):</source>
        <translation>CPU 제한(CPU 수)(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Tasks limit:</source>
        <translation>작업 수 제한(&amp;T):</translation>
    </message>
    <message>
        <source>Choose an image, e.g. busybox.</source>
        <translation>이미지를 고르세요. 예: busybox.</translation>
    </message>
    <message>
        <source>The command has a quote that is not closed.</source>
        <translation>명령에 닫히지 않은 따옴표가 있습니다.</translation>
    </message>
    <message>
        <source>None — a private network namespace, loopback only</source>
        <translation>없음 — 전용 네트워크 네임스페이스, 루프백만</translation>
    </message>
    <message>
        <source>Bridge — an address on juxta0: the host and other containers reach it</source>
        <translation>브리지 — juxta0의 주소: 호스트와 다른 컨테이너가 접근할 수 있음</translation>
    </message>
    <message>
        <source>none, e.g. 8080:80 (host port:container port, comma-separated)</source>
        <translation>없음, 예: 8080:80 (호스트 포트:컨테이너 포트, 쉼표로 구분)</translation>
    </message>
    <message>
        <source>TCP ports on the host&apos;s loopback that reach the container; with the bridge</source>
        <translation>컨테이너로 이어지는 호스트 루프백의 TCP 포트 (브리지와 함께)</translation>
    </message>
    <message>
        <source>Net&amp;work:</source>
        <translation>네트워크(&amp;W):</translation>
    </message>
    <message>
        <source>P&amp;ublished ports:</source>
        <translation>공개 포트(&amp;U):</translation>
    </message>
    <message>
        <source>Published ports are HOSTPORT:PORT, e.g. 8080:80 (not &quot;%1&quot;).</source>
        <translation>공개 포트는 호스트포트:포트 형식입니다. 예: 8080:80 (&quot;%1&quot;은 아님).</translation>
    </message>
    <message>
        <source>P&amp;ull…</source>
        <translation>가져오기(&amp;U)…</translation>
    </message>
    <message>
        <source>An image from the store (juxtactl images), or a reference to pull (redis:7); busybox is built in</source>
        <translation>저장소의 이미지 (juxtactl images) 또는 가져올 참조 (redis:7). busybox는 내장되어 있습니다</translation>
    </message>
    <message>
        <source>Pull the image typed here from its registry</source>
        <translation>여기 입력한 이미지를 레지스트리에서 가져옵니다</translation>
    </message>
    <message>
        <source>none, e.g. data:/var/lib/app /srv/www:/www:ro (space-separated)</source>
        <translation>없음, 예: data:/var/lib/app /srv/www:/www:ro (공백으로 구분)</translation>
    </message>
    <message>
        <source>NAME:/path mounts the volume NAME (made if missing, kept after the container); /host/path:/path mounts a host directory; /path alone a fresh volume removed with the container. Add :ro for read-only. An empty volume starts with the image&apos;s files at its path.</source>
        <translation>NAME:/경로는 볼륨 NAME을 마운트합니다(없으면 만들고, 컨테이너가 없어져도 남습니다). /호스트/경로:/경로는 호스트 디렉터리를, /경로만 쓰면 컨테이너와 함께 지워지는 새 볼륨을 마운트합니다. 읽기 전용은 :ro를 붙이세요. 빈 볼륨은 그 경로에 있는 이미지의 파일로 시작합니다.</translation>
    </message>
    <message>
        <source>&amp;Volumes:</source>
        <translation>볼륨(&amp;V):</translation>
    </message>
    <message>
        <source>The volumes have a quote that is not closed.</source>
        <translation>볼륨에 닫히지 않은 따옴표가 있습니다.</translation>
    </message>
    <message>
        <source>Volumes are NAME:/path, /host/path:/path or /path, with :ro to add (not &quot;%1&quot;).</source>
        <translation>볼륨은 NAME:/경로, /호스트/경로:/경로 또는 /경로이며, :ro를 붙일 수 있습니다(&quot;%1&quot;은(는) 아님).</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>안 함</translation>
    </message>
    <message>
        <source>Always, when it ends by itself</source>
        <translation>항상, 스스로 끝날 때마다</translation>
    </message>
    <message>
        <source>Unless stopped</source>
        <translation>중지하지 않는 한</translation>
    </message>
    <message>
        <source>On failure (a non-zero exit)</source>
        <translation>실패 시 (0이 아닌 종료 코드)</translation>
    </message>
    <message>
        <source>Its monitor starts it again after a back-off (200 ms, doubling to 30 s); Stop and Delete end that</source>
        <translation>모니터가 잠시 기다린 뒤 (200 ms부터 두 배씩 30 s까지) 다시 시작합니다. 중지와 삭제는 이를 끝냅니다</translation>
    </message>
    <message>
        <source>none, e.g. tier=front owner=web-team (space-separated)</source>
        <translation>없음, 예: tier=front owner=web-team (공백으로 구분)</translation>
    </message>
    <message>
        <source>KEY=VALUE pairs kept with the container (juxtactl ps --json shows them)</source>
        <translation>컨테이너와 함께 보존되는 KEY=VALUE 쌍 (juxtactl ps --json에 표시)</translation>
    </message>
    <message>
        <source>&amp;Restart:</source>
        <translation>재시작(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>레이블(&amp;L):</translation>
    </message>
    <message>
        <source>The labels have a quote that is not closed.</source>
        <translation>레이블에 닫히지 않은 따옴표가 있습니다.</translation>
    </message>
    <message>
        <source>Labels beginning with &quot;juxta.&quot; are Juxta&apos;s own (not &quot;%1&quot;).</source>
        <translation>&quot;juxta.&quot;로 시작하는 레이블은 Juxta 전용입니다 (&quot;%1&quot; 불가).</translation>
    </message>
</context>
<context>
    <name>juxta::ui::NewVmDialog</name>
    <message>
        <source>Start it anyway (it will not get far on this host)</source>
        <translation>그래도 시작 (이 호스트에서는 멀리 가지 못합니다)</translation>
    </message>
    <message>
        <source>New Virtual Machine</source>
        <translation>새 가상 머신</translation>
    </message>
    <message>
        <source>tiny-linux (Debian cloud kernel, busybox and the Juxta agent)</source>
        <translation>tiny-linux (Debian 클라우드 커널, busybox, Juxta 에이전트)</translation>
    </message>
    <message>
        <source>My own kernel…</source>
        <translation>직접 고른 커널…</translation>
    </message>
    <message>
        <source>optional, e.g. db-vm</source>
        <translation>선택 사항, 예: db-vm</translation>
    </message>
    <message>
        <source>a bzImage or an ELF vmlinux</source>
        <translation>bzImage 또는 ELF vmlinux</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <source>the image&apos;s default, e.g. console=ttyS0</source>
        <translation>이미지 기본값, 예: console=ttyS0</translation>
    </message>
    <message>
        <source>Guest memory, e.g. 256M or 1G</source>
        <translation>게스트 메모리, 예: 256M 또는 1G</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>이미지(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Kernel:</source>
        <translation>커널(&amp;K):</translation>
    </message>
    <message>
        <source>Choose a kernel</source>
        <translation>커널 선택</translation>
    </message>
    <message>
        <source>Init&amp;rd:</source>
        <translation>Initrd(&amp;R):</translation>
    </message>
    <message>
        <source>Choose an initrd</source>
        <translation>initrd 선택</translation>
    </message>
    <message>
        <source>Command &amp;line:</source>
        <translation>커널 명령줄(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>메모리(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;vCPUs:</source>
        <translation>vCPU(&amp;V):</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Choose a kernel file, or pick the tiny-linux image.</source>
        <translation>커널 파일을 고르거나 tiny-linux 이미지를 선택하세요.</translation>
    </message>
    <message>
        <source>Give the guest some memory, e.g. 256M.</source>
        <translation>게스트 메모리를 지정하세요. 예: 256M.</translation>
    </message>
    <message>
        <source>&amp;Disks:</source>
        <translation>디스크(&amp;D):</translation>
    </message>
    <message>
        <source>Raw disk images; tick one to attach it read-only</source>
        <translation>raw 디스크 이미지. 체크하면 읽기 전용으로 연결합니다</translation>
    </message>
    <message>
        <source>Choose a raw disk image</source>
        <translation>raw 디스크 이미지 선택</translation>
    </message>
    <message>
        <source>Raw disk images (*.raw *.img *.ext4 *.disk);;All files (*)</source>
        <translation>raw 디스크 이미지 (*.raw *.img *.ext4 *.disk);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Ticked: read-only</source>
        <translation>체크됨: 읽기 전용</translation>
    </message>
    <message>
        <source>An OCI image, as a VM…</source>
        <translation>OCI 이미지를 VM으로…</translation>
    </message>
    <message>
        <source>An image from the store (juxtactl images): its layers become a read-only disk shared by every VM of it, joined in the guest with a disk of this VM&apos;s own</source>
        <translation>저장소의 이미지(juxtactl images): 레이어가 이 이미지의 모든 VM이 공유하는 읽기 전용 디스크가 되고, 게스트 안에서 이 VM 자신의 디스크와 합쳐집니다</translation>
    </message>
    <message>
        <source>This VM&apos;s own disk, for what it writes: kept across stop and start</source>
        <translation>이 VM이 쓰는 내용을 담는 자체 디스크: 중지했다 다시 시작해도 유지됩니다</translation>
    </message>
    <message>
        <source>OCI ima&amp;ge:</source>
        <translation>OCI 이미지(&amp;G):</translation>
    </message>
    <message>
        <source>Its disk si&amp;ze:</source>
        <translation>자체 디스크 크기(&amp;Z):</translation>
    </message>
    <message>
        <source>Name an image of the store, e.g. busybox.</source>
        <translation>저장소의 이미지 이름을 입력하세요. 예: busybox.</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>추가(&amp;A)…</translation>
    </message>
    <message>
        <source>R&amp;emove</source>
        <translation>제거(&amp;E)</translation>
    </message>
    <message>
        <source>None — no network card</source>
        <translation>없음 — 네트워크 카드 없음</translation>
    </message>
    <message>
        <source>Bridge — a virtio-net card on juxta0: the host, containers and other VMs reach it</source>
        <translation>브리지 — juxta0에 연결된 virtio-net 카드: 호스트, 컨테이너, 다른 VM이 접근할 수 있습니다</translation>
    </message>
    <message>
        <source>Ne&amp;twork:</source>
        <translation>네트워크(&amp;T):</translation>
    </message>
    <message>
        <source>Devices: serial console (Console tab), agent channel, the disks above (virtio-blk: vda, vdb, … in this order; a ticked disk is read-only), and the network card chosen.</source>
        <translation>장치: 시리얼 콘솔(콘솔 탭), 에이전트 채널, 위의 디스크(virtio-blk: 이 순서대로 vda, vdb, …; 체크한 디스크는 읽기 전용), 그리고 선택한 네트워크 카드.</translation>
    </message>
    <message>
        <source>optional, e.g. /dev/vda1</source>
        <translation>선택 사항, 예: /dev/vda1</translation>
    </message>
    <message>
        <source>One of the disks above (or a partition of it) whose ext4 file system becomes the root the VM&apos;s commands run in — a cloud image of yours, say; tiny-linux&apos;s kernel and agent boot it, not its own init</source>
        <translation>위 디스크 중 하나(또는 그 파티션)의 ext4 파일 시스템이 VM의 명령이 실행되는 루트가 됩니다. 예를 들어 직접 가져온 클라우드 이미지. tiny-linux의 커널과 에이전트가 부팅하며, 디스크 자체의 init은 실행되지 않습니다</translation>
    </message>
    <message>
        <source>R&amp;oot disk:</source>
        <translation>루트 디스크(&amp;O):</translation>
    </message>
    <message>
        <source>Add the disk whose file system is to be the root (or leave the root empty).</source>
        <translation>루트로 쓸 파일 시스템이 있는 디스크를 추가하세요(또는 루트를 비워 두세요).</translation>
    </message>
</context>
<context>
    <name>juxta::ui::OverlayWindow</name>
    <message>
        <source>Compare: %1</source>
        <translation>비교: %1</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>최근 1분</translation>
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation>최근 10분</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>최근 1시간</translation>
    </message>
    <message>
        <source>&amp;Present</source>
        <translation>발표(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen, one chart at a time (← → to move, Esc to leave)</source>
        <translation>전체 화면, 한 번에 차트 하나 (← →로 이동, Esc로 나가기)</translation>
    </message>
    <message>
        <source>&amp;Export charts…</source>
        <translation>차트 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Save every chart as PNG and SVG in a folder</source>
        <translation>모든 차트를 폴더에 PNG와 SVG로 저장합니다</translation>
    </message>
    <message>
        <source>Export charts to</source>
        <translation>차트를 내보낼 폴더</translation>
    </message>
    <message>
        <source>&amp;Time window:</source>
        <translation>시간 범위(&amp;T):</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>사용 메모리</translation>
    </message>
    <message>
        <source>Disk I/O (read + write)</source>
        <translation>디스크 I/O (읽기 + 쓰기)</translation>
    </message>
    <message>
        <source>Network (received + sent)</source>
        <translation>네트워크 (수신 + 송신)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
</context>
<context>
    <name>juxta::ui::OverviewPage</name>
    <message>
        <source>What this host can run</source>
        <translation>이 호스트에서 실행할 수 있는 것</translation>
    </message>
    <message>
        <source>Not available — enable VT-x/AMD-V in the firmware and load kvm_intel or kvm_amd</source>
        <translation>사용 불가 — 펌웨어에서 VT-x/AMD-V를 켜고 kvm_intel 또는 kvm_amd 모듈을 불러오세요</translation>
    </message>
    <message>
        <source>No permission to open /dev/kvm — add yourself to group kvm and log in again</source>
        <translation>/dev/kvm을 열 권한이 없습니다 — kvm 그룹에 자신을 추가하고 다시 로그인하세요</translation>
    </message>
    <message>
        <source>Hardware virtualization (%1)</source>
        <translation>하드웨어 가상화 (%1)</translation>
    </message>
    <message>
        <source>PVM (software nested virtualization) — stock Linux guests cannot boot here; only PVM-enabled guest kernels run at speed</source>
        <translation>PVM (소프트웨어 중첩 가상화) — 일반 리눅스 게스트는 이 호스트에서 부팅할 수 없습니다. PVM을 지원하는 게스트 커널만 제 속도로 실행됩니다</translation>
    </message>
    <message>
        <source>/dev/kvm is present, but the kind of virtualization is unknown</source>
        <translation>/dev/kvm은 있지만 가상화 종류를 알 수 없습니다</translation>
    </message>
    <message>
        <source>None — container limits and statistics are unavailable</source>
        <translation>없음 — 컨테이너 자원 제한과 통계를 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>v1 (%1)</source>
        <translation>v1 (%1)</translation>
    </message>
    <message>
        <source>v2 (%1)</source>
        <translation>v2 (%1)</translation>
    </message>
    <message>
        <source>Hybrid — controllers on v1 (%1); v2 at %2</source>
        <translation>하이브리드 — 컨트롤러는 v1 (%1), v2는 %2</translation>
    </message>
    <message>
        <source>This host</source>
        <translation>이 호스트</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Host name:</source>
        <translation>호스트 이름:</translation>
    </message>
    <message>
        <source>Kernel:</source>
        <translation>커널:</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU:</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n core(s))</source>
        <translation>
            <numerusform>%1 (코어 %n개)</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>메모리:</translation>
    </message>
    <message>
        <source>Load average:</source>
        <translation>평균 부하:</translation>
    </message>
    <message>
        <source>Up since:</source>
        <translation>가동 시작:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>시작 시각:</translation>
    </message>
    <message>
        <source>KVM:</source>
        <translation>KVM:</translation>
    </message>
    <message>
        <source>cgroups:</source>
        <translation>cgroups:</translation>
    </message>
    <message>
        <source>User namespaces:</source>
        <translation>사용자 네임스페이스:</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>사용 가능</translation>
    </message>
    <message>
        <source>Not available — rootless containers cannot run</source>
        <translation>사용 불가 — 루트리스 컨테이너를 실행할 수 없습니다</translation>
    </message>
    <message>
        <source>overlayfs:</source>
        <translation>overlayfs:</translation>
    </message>
    <message>
        <source>Not available — load the overlay module</source>
        <translation>사용 불가 — overlay 모듈을 불러오세요</translation>
    </message>
    <message>
        <source>/dev/net/tun:</source>
        <translation>/dev/net/tun:</translation>
    </message>
    <message>
        <source>Not available — load the tun module</source>
        <translation>사용 불가 — tun 모듈을 불러오세요</translation>
    </message>
    <message>
        <source>Privileges:</source>
        <translation>권한:</translation>
    </message>
    <message>
        <source>Running as root</source>
        <translation>root로 실행 중</translation>
    </message>
    <message>
        <source>Not root — containers run rootless</source>
        <translation>root 아님 — 컨테이너는 루트리스로 실행됩니다</translation>
    </message>
    <message>
        <source>Start-up, phase by phase</source>
        <translation>단계별 시작 과정</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>이미지:</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>명령:</translation>
    </message>
    <message>
        <source>Limits:</source>
        <translation>제한:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>상태:</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Start-up, phase by phase: %1 ms in all</source>
        <translation>단계별 시작 과정: 총 %1ms</translation>
    </message>
    <message>
        <source>Volumes:</source>
        <translation>볼륨:</translation>
    </message>
    <message>
        <source>Devices:</source>
        <translation>장치:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 of %n service(s) running</source>
        <translation>
            <numerusform>%1 · 서비스 %n개 중 %2개 실행 중</numerusform>
        </translation>
    </message>
    <message>
        <source>Compose file:</source>
        <translation>컴포즈 파일:</translation>
    </message>
    <message>
        <source>Services:</source>
        <translation>서비스:</translation>
    </message>
    <message>
        <source>Compose project:</source>
        <translation>컴포즈 프로젝트:</translation>
    </message>
    <message>
        <source>%1 (service %2)</source>
        <translation>%1 (서비스 %2)</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>레이블:</translation>
    </message>
</context>
<context>
    <name>juxta::ui::PhaseTimelineChart</name>
    <message>
        <source>ms since the request</source>
        <translation>요청 이후 ms</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1ms</translation>
    </message>
</context>
<context>
    <name>juxta::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>환경 설정</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source> s</source>
        <translation>초</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
    <message>
        <source>A new language applies the next time Juxta starts.</source>
        <translation>새 언어는 Juxta를 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>테마(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Sample every:</source>
        <translation>측정 주기(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Keep the host&apos;s history while Juxta is closed</source>
        <translation>Juxta가 닫혀 있는 동안에도 호스트 기록 유지(&amp;K)</translation>
    </message>
    <message>
        <source>Not available here: %1. `juxtactl metrics record` keeps it while it runs.</source>
        <translation>여기서는 사용할 수 없습니다: %1. `juxtactl metrics record`가 실행되는 동안 기록합니다.</translation>
    </message>
    <message>
        <source>The juxta-metrics user service records the host&apos;s figures once a second, up to 30 days back; containers and VMs keep their own.</source>
        <translation>juxta-metrics 사용자 서비스가 호스트의 수치를 1초마다 최대 30일까지 기록합니다. 컨테이너와 VM은 각자 기록합니다.</translation>
    </message>
</context>
<context>
    <name>juxta::ui::PresentationWindow</name>
    <message>
        <source>Juxta — presentation</source>
        <translation>Juxta — 발표</translation>
    </message>
    <message>
        <source>%1 / %2   ·   ← → to move, Esc to leave</source>
        <translation>%1 / %2   ·   ← →로 이동, Esc로 나가기</translation>
    </message>
</context>
<context>
    <name>juxta::ui::PullImageDialog</name>
    <message>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Already here</source>
        <translation>이미 있음</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>내려받는 중</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>내려받음</translation>
    </message>
    <message>
        <source>Extracting</source>
        <translation>푸는 중</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Check the registry&apos;s TLS certificate</source>
        <translation>레지스트리의 TLS 인증서 확인</translation>
    </message>
    <message>
        <source>&amp;Pull</source>
        <translation>가져오기(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Pull Image</source>
        <translation>이미지 가져오기</translation>
    </message>
    <message>
        <source>e.g. redis:7 or registry.example.com:5000/team/app:1.0</source>
        <translation>예: redis:7 또는 registry.example.com:5000/team/app:1.0</translation>
    </message>
    <message>
        <source>Unchecked: https without checking the certificate, then plain http</source>
        <translation>해제하면: 인증서를 확인하지 않는 https, 그다음 일반 http</translation>
    </message>
    <message>
        <source>the saved login (juxtactl login), or anonymous</source>
        <translation>저장된 로그인 (juxtactl login), 없으면 익명</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>이미지(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>사용자 이름(&amp;U):</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>비밀번호(&amp;W):</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>계층</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>진행</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Pulled: %1. New Container runs it as “%2”.</source>
        <translation>가져왔습니다: %1. 새 컨테이너에서 “%2”(으)로 실행합니다.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Cancelled. What was downloaded stays for the next pull to resume.</source>
        <translation>취소했습니다. 내려받은 부분은 남겨 두어 다음 가져오기에서 이어 받습니다.</translation>
    </message>
    <message>
        <source>Type an image reference, e.g. redis:7.</source>
        <translation>이미지 참조를 입력하세요. 예: redis:7</translation>
    </message>
    <message>
        <source>Connecting to the registry…</source>
        <translation>레지스트리에 연결하는 중…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 중 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n s left</source>
        <translation>
            <numerusform>%n초 남음</numerusform>
        </translation>
    </message>
    <message>
        <source>Extracting and checking the layers…</source>
        <translation>계층을 풀고 검사하는 중…</translation>
    </message>
    <message>
        <source>Downloading %1 (%2)</source>
        <translation>%1 내려받는 중 (%2)</translation>
    </message>
</context>
<context>
    <name>juxta::ui::RecordedChart</name>
    <message>
        <source>seconds since the comparison began</source>
        <translation>비교 시작 후 경과 초</translation>
    </message>
    <message>
        <source>CPU (100 % = one core)</source>
        <translation>CPU (100 % = 코어 하나)</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>CPU while it ran</source>
        <translation>실행 중 CPU</translation>
    </message>
    <message>
        <source>Memory while it ran</source>
        <translation>실행 중 메모리</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ReplayControl</name>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Replay speed: how much faster than it was recorded</source>
        <translation>재생 속도: 기록보다 몇 배 빠르게</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 중 %1</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ReportWriter</name>
    <message>
        <source>workload %1</source>
        <translation>작업 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n repeat(s)</source>
        <translation>
            <numerusform>%n회 반복</numerusform>
        </translation>
    </message>
    <message>
        <source>container memory %1</source>
        <translation>컨테이너 메모리 %1</translation>
    </message>
    <message>
        <source>container CPUs %1</source>
        <translation>컨테이너 CPU %1</translation>
    </message>
    <message numerus="yes">
        <source>VM %1 MiB, %n vCPU(s)</source>
        <translation>
            <numerusform>VM %1 MiB, vCPU %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>코어 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>kernel %1</source>
        <translation>커널 %1</translation>
    </message>
    <message>
        <source>KVM: %1</source>
        <translation>KVM: %1</translation>
    </message>
    <message>
        <source>cgroup %1</source>
        <translation>cgroup %1</translation>
    </message>
    <message>
        <source>load %1</source>
        <translation>부하 %1</translation>
    </message>
    <message>
        <source>Juxta %1</source>
        <translation>Juxta %1</translation>
    </message>
    <message>
        <source>Juxta comparison %1</source>
        <translation>Juxta 비교 %1</translation>
    </message>
    <message>
        <source>cannot write the PDF here; choose another folder</source>
        <translation>여기에 PDF를 쓸 수 없습니다. 다른 폴더를 고르세요</translation>
    </message>
    <message>
        <source>Juxta: %1 as a host process, a container and a VM</source>
        <translation>Juxta: 호스트 프로세스, 컨테이너, VM으로 실행한 %1</translation>
    </message>
    <message>
        <source>Run %1 · %2 · took %3%4</source>
        <translation>실행 %1 · %2 · 소요 %3%4</translation>
    </message>
    <message>
        <source> · cancelled before the end</source>
        <translation> · 끝나기 전에 취소됨</translation>
    </message>
    <message>
        <source>Host: %1</source>
        <translation>호스트: %1</translation>
    </message>
    <message>
        <source>Asked for: %1</source>
        <translation>요청: %1</translation>
    </message>
    <message>
        <source>Every figure below was measured in this run: the median of the repeats, their range in brackets, and the ratio to the host process where there is one.</source>
        <translation>아래의 모든 수치는 이번 실행에서 측정했습니다: 반복의 중앙값, 괄호 안은 범위, 있을 경우 호스트 프로세스 대비 비율입니다.</translation>
    </message>
    <message>
        <source>Written by Juxta on %1.</source>
        <translation>%1에 Juxta가 작성했습니다.</translation>
    </message>
    <message>
        <source>cannot finish the PDF</source>
        <translation>PDF를 마무리할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot create the folder</source>
        <translation>폴더를 만들 수 없습니다</translation>
    </message>
    <message>
        <source>Juxta: a web app, a database, a cache and a worker as containers and as VMs</source>
        <translation>Juxta: 웹 앱, 데이터베이스, 캐시, 워커를 컨테이너로 그리고 VM으로</translation>
    </message>
    <message>
        <source>Every figure below was measured in this run: the four services started one after another as instances of each kind, their memory while all four served, then the cache made to exhaust its memory and the others&apos; operations per second before and after.</source>
        <translation>아래의 모든 수치는 이번 실행에서 측정했습니다: 네 서비스를 종류별 인스턴스로 차례로 시작하고, 넷 모두 서비스하는 동안의 메모리를 잰 뒤, 캐시가 메모리를 모두 쓰게 하여 그 전후로 다른 서비스의 초당 처리량을 비교했습니다.</translation>
    </message>
    <message>
        <source>Juxta: %1 as containers, as VMs and as written</source>
        <translation>Juxta: %1 — 컨테이너, VM, 작성된 대로</translation>
    </message>
    <message>
        <source>Every figure below was measured in this run: the compose file brought up each way, one after another; each service&apos;s readiness from up, its memory and CPU while the stack idled, its disk; then a fixed-time load on the web service&apos;s published port, idle, while another service exhausts its memory, and after.</source>
        <translation>아래의 모든 수치는 이번 실행에서 측정했습니다: compose 파일을 방식마다 차례로 올리고, up부터 각 서비스가 준비될 때까지, 스택이 유휴일 때의 메모리와 CPU, 디스크를 잰 뒤, 웹 서비스의 게시된 포트에 정해진 시간 동안 부하를 걸었습니다 — 유휴 시, 다른 서비스가 메모리를 고갈시키는 동안, 그 후.</translation>
    </message>
</context>
<context>
    <name>juxta::ui::ScenarioCharts</name>
    <message>
        <source>memory on the host</source>
        <translation>호스트의 메모리</translation>
    </message>
    <message>
        <source>%1 together</source>
        <translation>합계 %1</translation>
    </message>
    <message>
        <source>Memory of the four services, by service</source>
        <translation>네 서비스의 메모리 (서비스별)</translation>
    </message>
    <message>
        <source>from the first start until all four are ready</source>
        <translation>첫 시작부터 넷 모두 준비될 때까지</translation>
    </message>
    <message>
        <source>Time until all four are ready</source>
        <translation>넷 모두 준비될 때까지 걸린 시간</translation>
    </message>
    <message>
        <source>seconds from the first start</source>
        <translation>첫 시작으로부터의 초</translation>
    </message>
    <message>
        <source>ops/s relative to before the hog</source>
        <translation>메모리 독점 이전 대비 ops/s</translation>
    </message>
    <message>
        <source>%1 (the hog)</source>
        <translation>%1 (메모리 독점)</translation>
    </message>
    <message>
        <source>OOM-killed</source>
        <translation>OOM으로 종료됨</translation>
    </message>
    <message>
        <source>it ended</source>
        <translation>종료됨</translation>
    </message>
    <message>
        <source>Isolation: %1 — the others while the cache exhausts its memory</source>
        <translation>격리: %1 — 캐시가 메모리를 소진하는 동안의 다른 서비스</translation>
    </message>
    <message>
        <source>Memory on the host, by service</source>
        <translation>호스트 메모리, 서비스별</translation>
    </message>
    <message>
        <source>from up until every service is ready (healthy)</source>
        <translation>up부터 모든 서비스가 준비(healthy)될 때까지</translation>
    </message>
    <message>
        <source>Time until every service is ready</source>
        <translation>모든 서비스가 준비될 때까지의 시간</translation>
    </message>
    <message>
        <source>requests/s relative to before the hog</source>
        <translation>메모리 고갈 전 대비 초당 요청</translation>
    </message>
    <message>
        <source>%1 starts to exhaust its memory</source>
        <translation>%1이(가) 메모리를 고갈시키기 시작</translation>
    </message>
    <message>
        <source>Isolation: %1 — %2 under load while %3 exhausts its memory</source>
        <translation>격리: %1 — %3이(가) 메모리를 고갈시키는 동안 부하 중인 %2</translation>
    </message>
    <message>
        <source>latency of one request</source>
        <translation>요청 하나의 지연 시간</translation>
    </message>
    <message>
        <source>answers per second</source>
        <translation>초당 응답</translation>
    </message>
    <message>
        <source>p50, idle</source>
        <translation>p50, 유휴</translation>
    </message>
    <message>
        <source>p99, idle</source>
        <translation>p99, 유휴</translation>
    </message>
    <message>
        <source>p99 while %1 exhausts its memory</source>
        <translation>%1이(가) 메모리를 고갈시키는 동안 p99</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>유휴</translation>
    </message>
    <message>
        <source>while %1 exhausts its memory</source>
        <translation>%1이(가) 메모리를 고갈시키는 동안</translation>
    </message>
    <message>
        <source>after</source>
        <translation>그 후</translation>
    </message>
    <message>
        <source>Latency on %1, p50 and p99</source>
        <translation>%1의 지연 시간, p50과 p99</translation>
    </message>
    <message>
        <source>Requests per second on %1</source>
        <translation>%1의 초당 요청 수</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>응답 없음</translation>
    </message>
</context>
<context>
    <name>juxta::ui::TimeSeriesChart</name>
    <message>
        <source>Export data as CSV…</source>
        <translation>데이터를 CSV로 내보내기…</translation>
    </message>
    <message>
        <source>Export data as JSON…</source>
        <translation>데이터를 JSON으로 내보내기…</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>데이터 내보내기</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>juxta::ui::figures</name>
    <message>
        <source>%1 (%2 – %3)</source>
        <translation>%1 (%2 – %3)</translation>
    </message>
    <message>
        <source>host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>container</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>start the instance, run /bin/true, tear it down</source>
        <translation>인스턴스를 시작하고 /bin/true를 실행한 뒤 정리</translation>
    </message>
    <message>
        <source>a fixed amount of integer hashing</source>
        <translation>정해진 양의 정수 해시 계산</translation>
    </message>
    <message>
        <source>sequential read/write over a buffer larger than the LLC, random-access latency</source>
        <translation>LLC보다 큰 버퍼의 순차 읽기/쓰기와 임의 접근 지연</translation>
    </message>
    <message>
        <source>a tight loop of getppid system calls</source>
        <translation>getppid 시스템 호출을 쉬지 않고 반복</translation>
    </message>
    <message>
        <source>write + fsync of N MiB, read back, and fsync latency of small writes</source>
        <translation>N MiB 쓰기 + fsync, 다시 읽기, 작은 쓰기의 fsync 지연</translation>
    </message>
    <message>
        <source>TCP round trips over loopback inside the instance</source>
        <translation>인스턴스 안의 루프백에서 TCP 왕복</translation>
    </message>
    <message>
        <source>sleep, then report the resident set: the pure footprint</source>
        <translation>잠든 뒤 상주 메모리를 보고: 순수한 점유량</translation>
    </message>
    <message>
        <source>OOM-killed (memory limit)</source>
        <translation>OOM으로 종료됨(메모리 제한)</translation>
    </message>
    <message>
        <source>OOM-killed by the guest kernel</source>
        <translation>게스트 커널이 OOM으로 종료함</translation>
    </message>
    <message>
        <source>exited %1</source>
        <translation>종료 코드 %1로 끝남</translation>
    </message>
    <message>
        <source>killed by signal %1</source>
        <translation>시그널 %1로 종료됨</translation>
    </message>
    <message>
        <source>containers</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>VMs</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>as written (mixed)</source>
        <translation>작성된 대로 (혼합)</translation>
    </message>
    <message>
        <source>your compose file, brought up as all containers, as all VMs and as written (mixed): time until every service is healthy, memory, idle CPU and disk by service, requests/s and latency on a published port, and what that does while one service exhausts its memory</source>
        <translation>내 compose 파일을 모두 컨테이너로, 모두 VM으로, 작성된 대로(혼합) 올립니다: 모든 서비스가 healthy가 될 때까지의 시간, 서비스별 메모리·유휴 CPU·디스크, 게시된 포트의 초당 요청과 지연 시간, 그리고 한 서비스가 메모리를 고갈시키는 동안 그것이 어떻게 되는지</translation>
    </message>
    <message>
        <source>its hog was never OOM-killed</source>
        <translation>메모리 독점 프로세스가 한 번도 OOM으로 종료되지 않음</translation>
    </message>
    <message>
        <source>its hog was OOM-killed once</source>
        <translation>메모리 독점 프로세스가 OOM으로 1번 종료됨</translation>
    </message>
    <message>
        <source>its hog was OOM-killed %1 times</source>
        <translation>메모리 독점 프로세스가 OOM으로 %1번 종료됨</translation>
    </message>
    <message>
        <source>the hog did not run: %1</source>
        <translation>메모리 독점 프로세스가 실행되지 않음: %1</translation>
    </message>
    <message>
        <source>%1; the service: %2</source>
        <translation>%1; 서비스: %2</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>running (healthy)</source>
        <translation>실행 중 (정상)</translation>
    </message>
    <message>
        <source>running (starting)</source>
        <translation>실행 중 (시작 중)</translation>
    </message>
    <message>
        <source>running (unhealthy)</source>
        <translation>실행 중 (비정상)</translation>
    </message>
    <message>
        <source>a quick demo with a built-in stand-in (four copies of Juxta&apos;s own service program as a web app, a database, a cache and a worker) as four containers and as four VMs: memory, time to all-ready, and what the others do when the cache exhausts its memory; for your own stack, pick compose</source>
        <translation>빠른 데모: 내장 대체 스택(Juxta 자체 서비스 프로그램 네 개를 웹 앱, 데이터베이스, 캐시, 워커로)을 컨테이너 네 개와 VM 네 개로: 메모리, 모두 준비될 때까지의 시간, 캐시가 메모리를 다 쓸 때 나머지가 어떻게 되는지. 자신의 스택은 compose를 고르세요</translation>
    </message>
</context>
<context>
    <name>juxta::ui::human</name>
    <message>
        <source>%1 ms</source>
        <translation>%1ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1분 %2초</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1일 %2시간</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 k/s</source>
        <translation>%1 k/s</translation>
    </message>
    <message>
        <source>%1 M/s</source>
        <translation>%1 M/s</translation>
    </message>
    <message>
        <source>%1 cores</source>
        <translation>%1 코어</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
</context>
</TS>
