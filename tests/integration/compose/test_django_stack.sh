#!/usr/bin/env bash
# test_django_stack.sh BUILD_DIR — issue 16's example stack for real, as containers, as root: its
# four images built from Debian's packages (examples/django-stack/build-images.sh, cached in
# BUILD_DIR/examples-cache), `compose up -d`, every service healthy, the page through the published
# port written to MariaDB, cached in Redis and counted by the Celery worker (twice: the second visit
# counts two), /health 200 with all three; `down` leaves no container and keeps the database's
# volume. Juxta's directories are the test's own. Skips (77) unless root.
set -euo pipefail
build=$(cd "${1:?usage: test_django_stack.sh BUILD_DIR}" && pwd)
example=$(cd "$(dirname "$0")/../../../examples/django-stack" && pwd)
[[ $(id -u) == 0 ]] || { echo "SKIP: needs root (debootstrap, containers on the bridge)"; exit 77; }
juxtactl=$build/bin/juxtactl
work=$(mktemp -d /var/tmp/juxta-django.XXXXXX)
export JUXTA_DATA_DIR=$work/data JUXTA_STATE_DIR=$work/state JUXTA_RUNTIME_DIR=$work/run
compose() { "$juxtactl" compose -f "$example/compose.yaml" "$@"; }
cleanup() {
  set +e
  compose down -v >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for s in db cache worker web; do echo "--- $s" >&2; "$juxtactl" logs "djangostack-$s" 2>&1 | tail -n 40 >&2; done; exit 1; }

"$example/build-images.sh" --juxtactl "$juxtactl" --cache "$build/examples-cache"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export WEB_PORT=$port
# A password SQL must see quoted right (the db's entrypoint writes it into MariaDB's init file).
export DB_PASSWORD="it's a \\ pass\"word"

SECONDS=0
compose up -d || fail "compose up"
# Every service healthy (the web's own check asks the other three).
for _ in $(seq 240); do
  status=$(compose ps 2>&1) || true
  [[ $(grep -c 'healthy)' <<<"$status" | tr -d ' ') == 4 && $status != *unhealthy* ]] && break
  [[ $status == *unhealthy* || $status == *exited* ]] && { echo "$status"; fail "a service failed"; }
  sleep 0.5
done
echo "$status"
[[ $(grep -c 'healthy)' <<<"$status") == 4 ]] || fail "not every service healthy within 120 s"
echo "every service healthy $SECONDS s after up"

page=$(curl -fsS --max-time 30 "http://127.0.0.1:$port/") || fail "the page did not answer"
echo "$page"
grep -q 'MariaDB</th><td>visit 1 written' <<<"$page" || fail "no row written to MariaDB"
grep -q 'Redis</th><td>last visit 1 cached, 1 hits' <<<"$page" || fail "nothing cached in Redis"
grep -q 'Celery</th><td>worker [^ ]* counted 1 visits (visit 1)' <<<"$page" || fail "no Celery result"
page=$(curl -fsS --max-time 30 "http://127.0.0.1:$port/") || fail "the page did not answer twice"
grep -q 'counted 2 visits (visit 2)' <<<"$page" || fail "the second visit was not counted: $page"
health=$(curl -sS --max-time 30 -w ' %{http_code}' "http://127.0.0.1:$port/health")
echo "health: $health"
[[ $health == '{"db": true, "cache": true, "worker": true} 200' ]] || fail "/health: $health"

compose down || fail "compose down"
left=$("$juxtactl" ps -a)
grep -q djangostack <<<"$left" && fail "down left containers: $left"
"$juxtactl" volume ls | grep -q djangostack_dbdata || fail "down removed the database's volume"
"$juxtactl" volume rm djangostack_dbdata || fail "the database's volume could not be removed"
echo "PASS"
