#!/usr/bin/env bash
# Every C++ file the project keeps follows .clang-format (Debian 12's clang-format 14).
#   tools/check-format.sh          list the files that do not, exit 1 if any
#   tools/check-format.sh --fix    rewrite them in place
# setup.sh --test (and so CI) runs the check first.
set -euo pipefail
cd "$(dirname "$0")/.."
fix=false
[ "${1:-}" = --fix ] && fix=true
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed (setup.sh --test installs it)" >&2; exit 2; }
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.cc' '*.hpp')
if $fix; then
    clang-format -i "${files[@]}"
    exit 0
fi
bad=()
for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -gt 0 ]; then
    echo "check-format: ${#bad[@]} of ${#files[@]} files do not follow .clang-format (tools/check-format.sh --fix rewrites them):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"
