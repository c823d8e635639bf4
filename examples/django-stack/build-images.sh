#!/usr/bin/env bash
# build-images.sh [--juxtactl PATH] [--cache DIR] [--rebuild]
# Builds the example stack's four images (.env: DB_IMAGE, CACHE_IMAGE, WEB_IMAGE, WORKER_IMAGE)
# from Debian's packages and imports them into Juxta's image store — no registry needed. One
# debootstrap'ed Debian 12 root holds every service's packages (python3-django, gunicorn,
# python3-celery, python3-redis, python3-mysqldb, mariadb-server, redis-server) and one more layer
# the app (app/ at /srv/stack) and the db's entrypoint; the four images share those layers and
# differ in their configuration (command, user, ports), so the store keeps one copy.
#
# The layouts are cached (DIR, default ~/.cache/juxta/django-stack): the first run takes a few
# minutes (debootstrap), later ones only import; images already in the store are left as they
# are. --rebuild makes them again. Run as root (debootstrap; the root's owners are kept).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
juxtactl=juxtactl
cache=${XDG_CACHE_HOME:-$HOME/.cache}/juxta/django-stack
rebuild=0
while (($#)); do
  case $1 in
    --juxtactl) juxtactl=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "build-images.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ $(id -u) == 0 ]] || { echo "build-images.sh: run as root (debootstrap keeps the packages' owners)" >&2; exit 2; }
# The cache is this script's own directory: it never removes the directory itself, only what it
# made there (root, app-layer, configs, layout), and it refuses / and a directory it did not make.
[[ -n $cache && $(realpath -m "$cache") != / ]] || { echo "build-images.sh: --cache must be a directory of its own" >&2; exit 2; }
if [[ -d $cache && -n $(ls -A "$cache") && ! -f $cache/.juxta-django-stack ]]; then
  echo "build-images.sh: $cache is not empty and not this script's cache (no .juxta-django-stack): give another --cache" >&2
  exit 2
fi
mkdir -p "$cache" && touch "$cache/.juxta-django-stack"
# One build at a time per cache (two test suites, or a user and a test, may share one).
exec 9>"$cache/.lock"
flock 9
for p in debootstrap python3 tar; do
  command -v "$p" >/dev/null || { echo "build-images.sh: needs $p (apt install $p)" >&2; exit 2; }
done

# The names, from .env (the environment wins, as in compose).
image_name() {
  local var=$1 value
  value=${!var:-$(sed -n "s/^$var=//p" "$here/.env" | tail -n 1)}
  [[ -n $value ]] || { echo "build-images.sh: .env names no $var" >&2; exit 2; }
  echo "$value"
}
db=$(image_name DB_IMAGE) cache_image=$(image_name CACHE_IMAGE)
web=$(image_name WEB_IMAGE) worker=$(image_name WORKER_IMAGE)
names=("$db" "$cache_image" "$web" "$worker")

if ((!rebuild)); then
  missing=0
  for n in "${names[@]}"; do "$juxtactl" image inspect "$n" >/dev/null 2>&1 || missing=1; done
  ((missing)) || { echo "build-images.sh: ${names[*]} are in the store already (--rebuild to make them again)"; exit 0; }
fi

layout=$cache/layout
# debootstrap mounts /proc and /sys in the root while it runs: one it left (killed, failed) is
# unmounted before anything under the cache is removed.
unmount_under() { findmnt -rn -o TARGET | { grep "^$1/" || true; } | sort -r | xargs -r umount -l; }
# What goes into the images from here (the app, the db's entrypoint): a change rebuilds them.
stamp=$(cd "$here" && find app image -type f ! -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
if ((rebuild)) || [[ ! -s $layout/$worker/index.json || ! -s $layout/$db/index.json ||
                    ! -s $layout/$web/index.json || ! -s $layout/$cache_image/index.json ||
                    $(cat "$cache/sources.sha256" 2>/dev/null) != "$stamp" ]]; then
  unmount_under "$cache"
  rm -rf --one-file-system "$cache/root" "$cache/app-layer" "$cache/configs" "$cache/layout" "$cache/debootstrap.log" \
    "$cache/sources.sha256"
  root=$cache/root
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  echo "build-images.sh: debootstrap of Debian 12 with the stack's packages (a few minutes, once)"
  SECONDS=0
  debootstrap --variant=minbase \
    --include=python3-django,gunicorn,python3-celery,python3-redis,python3-mysqldb,mariadb-server,redis-server \
    bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >"$cache/debootstrap.log" 2>&1 ||
    { unmount_under "$cache"; tail -n 20 "$cache/debootstrap.log" >&2; echo "build-images.sh: debootstrap failed" >&2; exit 1; }
  echo "build-images.sh: debootstrap took $SECONDS s"
  # No package caches; an empty data directory, which the entrypoint sets up as the official
  # image does (a fresh named volume starts from it).
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*_* "$root"/var/lib/mysql/*
  rm -rf "$root"/var/log/*.log "$root"/var/cache/debconf/*-old

  app=$cache/app-layer
  mkdir -p "$app/srv" "$app/usr/local/bin"
  cp -r "$here/app" "$app/srv/stack"
  find "$app/srv/stack" -name __pycache__ -prune -exec rm -rf {} +
  install -m 0755 "$here/image/mariadb-entrypoint" "$app/usr/local/bin/juxta-mariadb-entrypoint"

  configs=$cache/configs
  mkdir -p "$configs"
  cat >"$configs/db.json" <<JSON
{"Entrypoint": ["/usr/local/bin/juxta-mariadb-entrypoint"], "ExposedPorts": {"3306/tcp": {}},
 "Volumes": {"/var/lib/mysql": {}}}
JSON
  cat >"$configs/cache.json" <<JSON
{"Cmd": ["redis-server", "--protected-mode", "no"], "User": "redis", "WorkingDir": "/var/lib/redis",
 "ExposedPorts": {"6379/tcp": {}}}
JSON
  app_env='"PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1", "DJANGO_SETTINGS_MODULE=stack.settings"'
  cat >"$configs/web.json" <<JSON
{"Env": [$app_env], "User": "www-data", "WorkingDir": "/srv/stack", "ExposedPorts": {"8000/tcp": {}},
 "Cmd": ["sh", "-c", "python3 manage.py migrate --noinput && exec gunicorn --bind 0.0.0.0:8000 --workers 2 --access-logfile - stack.wsgi"]}
JSON
  cat >"$configs/worker.json" <<JSON
{"Env": [$app_env], "User": "www-data", "WorkingDir": "/srv/stack",
 "Cmd": ["python3", "-m", "celery", "-A", "stack", "worker", "--loglevel=INFO"]}
JSON
  python3 "$here/../../tools/oci-image.py" "$root" "$layout" \
    --split usr/lib/x86_64-linux-gnu --split usr/lib/python3 --split usr/share --layer "$app" \
    --image "$db=$configs/db.json" --image "$cache_image=$configs/cache.json" \
    --image "$web=$configs/web.json" --image "$worker=$configs/worker.json"
  unmount_under "$root"
  rm -rf --one-file-system "$root" "$app"
  echo "$stamp" >"$cache/sources.sha256"
  rebuild=1  # the store's copies are of the old layout: imported again below
fi

for n in "${names[@]}"; do
  if ((rebuild)) || ! "$juxtactl" image inspect "$n" >/dev/null 2>&1; then
    ((rebuild)) && "$juxtactl" image rm "$n" >/dev/null 2>&1 || true
    "$juxtactl" image import "$layout/$n" --name "$n"
  fi
done
