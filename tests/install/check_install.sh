#!/usr/bin/env bash
# `cmake --install` puts juxta in the desktop menu: the programs, a valid .desktop entry, valid
# AppStream metainfo, and the icon in every size the entry can ask for; no program loads libraries
# from the current directory.
set -euo pipefail
build=$1 src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "FAIL: $*" >&2; exit 1; }
for f in bin/juxta bin/juxtactl; do [ -x "$prefix/$f" ] || fail "$f not installed"; done
desktop="$prefix/share/applications/io.github.juxta.Juxta.desktop"
[ -f "$desktop" ] || fail ".desktop entry not installed"
desktop-file-validate "$desktop" || fail ".desktop entry invalid"
grep -q '^Exec=juxta$' "$desktop" || fail ".desktop entry does not start juxta"
appstreamcli validate --no-net "$prefix/share/metainfo/io.github.juxta.Juxta.metainfo.xml" >/dev/null ||
  fail "metainfo invalid"
[ -f "$prefix/share/icons/hicolor/scalable/apps/io.github.juxta.Juxta.svg" ] || fail "scalable icon missing"
for s in 32 48 64 128 256; do
  png="$prefix/share/icons/hicolor/${s}x${s}/apps/io.github.juxta.Juxta.png"
  [ -f "$png" ] || fail "${s}px icon missing"
  file "$png" | grep -q "$s x $s" || fail "${s}px icon has the wrong size"
done
"$prefix/bin/juxtactl" --version | grep -q '^juxtactl ' || fail "installed juxtactl does not run"
unit="$prefix/lib/systemd/user/juxta-metrics.service"
[ -f "$unit" ] || fail "the host-history user service is not installed"
grep -q '^ExecStart=/usr/bin/juxtactl metrics record$' "$unit" || fail "juxta-metrics.service does not run metrics record"
# No program, built or installed, may search the current directory for libraries (an empty or "."
# entry in its RPATH/RUNPATH): juxtactl runs as root in any directory.
for f in "$build"/bin/* "$prefix"/bin/* "$prefix"/libexec/juxta/*; do
  path=$(readelf -d "$f" 2>/dev/null | sed -n 's/.*(R\(UN\)\?PATH).*\[\(.*\)\]/\2/p')
  [[ -z $path ]] && continue
  [[ ":$path:" == *::* || ":$path:" == *:.:* ]] && fail "${f#"$build"/}: its library path '$path' searches the current directory"
done
echo "install layout ok"
