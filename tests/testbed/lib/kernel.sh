# shellcheck shell=bash
# Debian kernels: linux-image-amd64 boots L1, linux-image-cloud-amd64 is the product's embedded
# default guest kernel (booted inside L1). Each is resolved from its metapackage's Depends, fetched
# with `apt-get download` and unpacked with `dpkg-deb -x` into
#   $TB_CACHE/kernel/<flavour>/<package>_<version>/     (boot/vmlinuz-*, lib/modules/*)
# — never installed. A new metapackage version replaces the old tree.

TB_APT_UPDATED=0

# tb_apt_update — refresh apt's lists once per process (an empty list is why resolution fails on
# fresh machines); false when that is impossible or fails.
tb_apt_update() {
  ((TB_APT_UPDATED == 0)) || return 1
  TB_APT_UPDATED=1
  [[ $(id -u) == 0 ]] || return 1
  tb_say "running apt-get update (the package lists are needed to find the kernel)"
  apt-get update -qq >"$TB_CACHE/apt-update.log" 2>&1
}

# tb_kernel_dep META — the linux-image-* package that META's candidate depends on.
tb_kernel_dep() {
  apt-cache depends "$1" 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}

# tb_kernel_candidate PACKAGE — its candidate version, or nothing.
tb_kernel_candidate() {
  apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

# tb_kernel_current DIR — TB_KPKG and TB_KVER of the flavour's last fetched kernel.
tb_kernel_current() {
  local name
  name=$(readlink "$1/current")
  TB_KPKG=${name%%_*} TB_KVER=${name#*_}
}

# tb_kernel_fetch FLAVOUR — FLAVOUR is amd64 or cloud-amd64. Sets TB_KPKG, TB_KVER, TB_KERNEL_ROOT
# (the unpacked package), TB_KERNEL_RELEASE (uname -r) and TB_KERNEL_VMLINUZ.
tb_kernel_fetch() {
  local meta="linux-image-$1" dir="$TB_CACHE/kernel/$1"
  TB_KPKG='' TB_KVER=''
  # apt-cache takes seconds: ask again only when apt's package lists changed since the last answer.
  local lists=/var/lib/apt/lists
  eval "$(apt-config shell lists Dir::State::Lists/d)"
  if [[ -f $dir/current/.complete && -z $(find -L "$lists" -maxdepth 1 -name '*Packages*' -newer "$dir/current/.complete" 2>/dev/null) ]]; then
    tb_kernel_current "$dir"
  else
    TB_KPKG=$(tb_kernel_dep "$meta")
    if [[ -z $TB_KPKG ]] && tb_apt_update; then TB_KPKG=$(tb_kernel_dep "$meta"); fi
    if [[ -n $TB_KPKG ]]; then TB_KVER=$(tb_kernel_candidate "$TB_KPKG"); fi
  fi
  if [[ -z $TB_KPKG || -z $TB_KVER ]]; then
    # Offline with a warm cache: keep using what was fetched last.
    [[ -f $dir/current/.complete ]] \
      || tb_unavailable "cannot resolve $meta with apt-cache (package lists empty? run apt-get update as root)"
    tb_info "cannot resolve $meta now; using the cached $(readlink "$dir/current")"
    tb_kernel_current "$dir"
  fi

  TB_KERNEL_ROOT="$dir/${TB_KPKG}_$TB_KVER"
  if [[ -f $TB_KERNEL_ROOT/.complete ]]; then
    touch "$TB_KERNEL_ROOT/.complete" # answered now
  elif ! tb_kernel_download "$dir"; then
    # A newer kernel is announced but cannot be fetched (offline?): keep the cached one.
    [[ -f $dir/current/.complete ]] || tb_unavailable "$TB_FETCH_ERROR"
    tb_say "$TB_FETCH_ERROR; using the cached $(readlink "$dir/current")"
    tb_kernel_current "$dir"
    TB_KERNEL_ROOT="$dir/${TB_KPKG}_$TB_KVER"
  fi
  TB_KERNEL_VMLINUZ=$(find "$TB_KERNEL_ROOT/boot" -name 'vmlinuz-*' -print -quit)
  [[ -n $TB_KERNEL_VMLINUZ ]] || tb_unavailable "$TB_KPKG has no boot/vmlinuz-*"
  TB_KERNEL_RELEASE=${TB_KERNEL_VMLINUZ##*/vmlinuz-}
}

# tb_kernel_download DIR — fetch and unpack $TB_KPKG=$TB_KVER into $TB_KERNEL_ROOT; false with
# TB_FETCH_ERROR set when apt cannot fetch it.
tb_kernel_download() {
  local dir=$1 debs="$TB_CACHE/debs" log="$TB_CACHE/apt-download.log"
  tb_check_space "$TB_FETCH_FREE_MIB"
  tb_say "fetching $TB_KPKG $TB_KVER (once; cached under $dir)"
  mkdir -p "$debs" "$dir"
  if ! (cd "$debs" && apt-get download "$TB_KPKG=$TB_KVER") >"$log" 2>&1; then
    if ! { tb_apt_update && (cd "$debs" && apt-get download "$TB_KPKG=$TB_KVER") >"$log" 2>&1; }; then
      TB_FETCH_ERROR="apt-get download $TB_KPKG=$TB_KVER failed: $(grep -m1 '^E:' "$log" || tail -n1 "$log")"
      return 1
    fi
  fi
  local deb="$debs/${TB_KPKG}_${TB_KVER//:/%3a}_amd64.deb"
  [[ -f $deb ]] || tb_unavailable "apt-get download did not produce $deb"
  rm -rf "$TB_KERNEL_ROOT.tmp"
  dpkg-deb -x "$deb" "$TB_KERNEL_ROOT.tmp" || tb_unavailable "dpkg-deb -x $deb failed"
  touch "$TB_KERNEL_ROOT.tmp/.complete"
  mv "$TB_KERNEL_ROOT.tmp" "$TB_KERNEL_ROOT"
  rm -f "$deb"
  # Only the current version of each flavour stays.
  local old
  for old in "$dir"/*; do
    [[ $old == "$TB_KERNEL_ROOT" || $old == "$dir/current" ]] || rm -rf "$old"
  done
  ln -sfn "${TB_KERNEL_ROOT##*/}" "$dir/current"
}

# tb_kernel_vmlinux — sets TB_L1_KERNEL: the uncompressed ELF vmlinux inside $TB_KERNEL_VMLINUZ
# (Debian compresses it with xz), extracted once. QEMU boots it through its PVH entry, which skips
# the in-guest decompression (about 8 s of the L1 boot under TCG). Failing that, the bzImage boots.
tb_kernel_vmlinux() {
  TB_L1_KERNEL="$TB_KERNEL_ROOT/vmlinux"
  [[ -f $TB_L1_KERNEL ]] && return 0
  local off
  off=$(LC_ALL=C grep -obUaP -m1 '\xfd7zXZ\x00' "$TB_KERNEL_VMLINUZ" | head -n1 | cut -d: -f1) || true
  # (xz stops at the end of its stream; a pipe from tail would fail with SIGPIPE under pipefail.)
  if [[ -n $off ]] && xz -dc --single-stream <(tail -c "+$((off + 1))" "$TB_KERNEL_VMLINUZ") >"$TB_L1_KERNEL.tmp" 2>/dev/null \
    && tb_is_elf "$TB_L1_KERNEL.tmp"; then
    mv "$TB_L1_KERNEL.tmp" "$TB_L1_KERNEL"
  else
    rm -f "$TB_L1_KERNEL.tmp"
    tb_info "cannot extract vmlinux from $TB_KERNEL_VMLINUZ; booting the bzImage (slower)"
    TB_L1_KERNEL=$TB_KERNEL_VMLINUZ
  fi
}
