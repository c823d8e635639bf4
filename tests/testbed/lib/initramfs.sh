# shellcheck shell=bash
# L1's initramfs, made of two newc archives that Linux unpacks one after the other:
#   base-<key>.cpio  cached in $TB_CACHE/initramfs: busybox, /init, kernel modules (kvm-amd, virtio,
#                    9p and their dependencies, load order in /usr/lib/testbed/modules.order)
#   overlay          per run: /etc/testbed/cmd and the --with files with their libraries
# The root file system is merged-/usr like Debian's (/bin, /sbin, /lib, /lib64 link into /usr), so a
# host file is placed at the same path in L1.

# Modules L1 needs; their dependencies are found with modinfo and loaded first.
# vhost_net and vhost_vsock: QEMU's fastest card and its vsock device (engine/bench/vm_vs_qemu).
readonly TB_L1_MODULES=(kvm_amd virtio_pci virtio_console 9pnet_virtio 9p tun bridge veth vhost_net vhost_vsock)

# tb_initramfs_base — build (if its inputs changed) the base archive for $TB_KERNEL_ROOT; sets
# TB_BASE_INITRAMFS.
tb_initramfs_base() {
  local key
  key=$({
    echo "$TB_KPKG $TB_KVER ${TB_L1_MODULES[*]}"
    cat /bin/busybox "$TB_HOME/guest/init" "$TB_HOME/lib/initramfs.sh"
  } | tb_key)
  TB_BASE_INITRAMFS="$TB_CACHE/initramfs/base-$key.cpio"
  [[ -f $TB_BASE_INITRAMFS ]] && return 0

  tb_info "building L1 initramfs base-$key.cpio"
  mkdir -p "$TB_CACHE/initramfs"
  local root
  root=$(mktemp -d "$TB_CACHE/initramfs/staging.XXXXXX")
  mkdir -p "$root"/usr/{bin,sbin,lib/testbed/modules,lib64} "$root"/{dev,proc,sys,tmp,run,root,etc/testbed,testbed/out}
  local d
  for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done
  cp /bin/busybox "$root/usr/bin/busybox"
  install -m 0755 "$TB_HOME/guest/init" "$root/init"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
  tb_stage_modules "$root/usr/lib/testbed"
  tb_cpio "$root" >"$TB_BASE_INITRAMFS.tmp"
  mv "$TB_BASE_INITRAMFS.tmp" "$TB_BASE_INITRAMFS"
  rm -rf "$root"
  find "$TB_CACHE/initramfs" -maxdepth 1 -name 'base-*.cpio' ! -path "$TB_BASE_INITRAMFS" -delete
}

# tb_stage_modules DIR — decompressed .ko files in DIR/modules, load order in DIR/modules.order.
tb_stage_modules() {
  local dir=$1 moddir="$TB_KERNEL_ROOT/lib/modules/$TB_KERNEL_RELEASE" f n
  declare -gA TB_MODFILE=() TB_MODSEEN=()
  TB_MODORDER=()
  while IFS= read -r f; do
    n=${f##*/} n=${n%%.ko*}
    TB_MODFILE[${n//-/_}]=$f
  done < <(find "$moddir" -name '*.ko*')
  for n in "${TB_L1_MODULES[@]}"; do tb_module_closure "$n"; done
  for n in "${TB_MODORDER[@]}"; do
    f=${TB_MODFILE[$n]}
    case $f in
      *.ko.xz) xz -dc "$f" ;;
      *.ko.zst) zstd -qdc "$f" ;;
      *.ko.gz) gzip -dc "$f" ;;
      *) cat "$f" ;;
    esac >"$dir/modules/$n.ko" || tb_unavailable "cannot decompress $f"
    tb_strip_signature "$dir/modules/$n.ko"
  done
  printf '%s\n' "${TB_MODORDER[@]}" >"$dir/modules.order"
}

# tb_strip_signature KO — drop the module's appended signature. L1 would verify it (a hash of the
# whole module and RSA, under TCG: ~0.5 s for the kvm modules) though nothing enforces signatures;
# an unsigned module only taints the kernel ("E"). Layout: ... signature, signer, key id, then
# struct module_signature (12 bytes: signer_len at 3, key_id_len at 4, big-endian sig_len at 8),
# then the 28-byte magic.
tb_strip_signature() {
  local ko=$1 magic='~Module signature appended~' b
  [[ $(tail -c 28 "$ko" | head -c 27 | tr -d '\0') == "$magic" ]] || return 0
  read -r -a b < <(tail -c 40 "$ko" | head -c 12 | od -An -tu1)
  local sig_len=$(((b[8] << 24) | (b[9] << 16) | (b[10] << 8) | b[11]))
  truncate -s $(($(stat -c %s "$ko") - 40 - sig_len - b[3] - b[4])) "$ko"
}

# tb_module_closure NAME — append NAME to TB_MODORDER after its dependencies (built-ins skipped).
tb_module_closure() {
  local name=${1//-/_} dep
  [[ -z ${TB_MODSEEN[$name]:-} ]] || return 0
  TB_MODSEEN[$name]=1
  if [[ -z ${TB_MODFILE[$name]:-} ]]; then
    grep -q "/${name}.ko\$\|/${name//_/-}.ko\$" "$TB_KERNEL_ROOT/lib/modules/$TB_KERNEL_RELEASE/modules.builtin" \
      || tb_unavailable "kernel module $name is missing from $TB_KPKG"
    return 0
  fi
  for dep in $(modinfo -F depends "${TB_MODFILE[$name]}" | tr ',' ' '); do tb_module_closure "$dep"; done
  TB_MODORDER+=("$name")
}

# tb_cpio DIR — DIR as a newc archive on stdout, owned by root.
tb_cpio() {
  (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
}

# tb_l1_path PATH — where a host path lives in L1: absolute, with /bin, /sbin, /lib and /lib64
# spelled through /usr as merged-/usr resolves them.
tb_l1_path() {
  local p
  p=$(realpath -s -- "$1")
  case $p in
    /bin/* | /sbin/* | /lib/* | /lib64/*) p="/usr$p" ;;
  esac
  printf '%s\n' "$p"
}

# tb_stage ROOT PATH — copy PATH (file or directory) into ROOT at its L1 path; dynamic ELF files
# bring every library ldd names and the dynamic loader.
tb_stage() {
  local root=$1 path=$2 f
  [[ -e $path ]] || tb_usage_error "--with $path: no such file or directory"
  if [[ -d $path ]]; then
    while IFS= read -r f; do tb_stage_file "$root" "$f"; done < <(find -L "$path" -type f)
  else
    tb_stage_file "$root" "$path"
  fi
}

declare -gA TB_STAGED=()
tb_stage_file() {
  local root=$1 src=$2 dest lib
  dest=$(tb_l1_path "$src")
  [[ -z ${TB_STAGED[$dest]:-} ]] || return 0
  TB_STAGED[$dest]=1
  mkdir -p "$root${dest%/*}"
  cp -L --preserve=mode,timestamps "$src" "$root$dest"
  tb_is_elf "$src" || return 0
  for lib in $(tb_ldd_paths "$src"); do tb_stage_file "$root" "$lib"; done
}

tb_is_elf() {
  local magic
  IFS= read -r -n 4 magic <"$1" 2>/dev/null
  [[ $magic == $'\x7fELF' ]]
}

# tb_ldd_paths FILE — the absolute paths of FILE's libraries and loader (none if static).
tb_ldd_paths() {
  local out
  out=$(LC_ALL=C ldd "$1" 2>&1) || return 0 # not a dynamic executable
  if grep -q 'not found' <<<"$out"; then
    tb_usage_error "--with $1: ldd cannot find $(awk '/not found/ { print $1 }' <<<"$out" | paste -sd ' ')"
  fi
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out"
}

# tb_qemu_files — QEMU and the firmware its x86 machines (microvm, pc) load, for --with-qemu.
tb_qemu_files() {
  local qemu share lib f
  qemu=$(command -v "$TB_QEMU")
  share=$(realpath "${qemu%/*}/../share")
  lib=/usr/lib/x86_64-linux-gnu/qemu
  printf '%s\n' "$qemu"
  for f in "$lib/accel-tcg-x86_64.so" \
    "$share"/qemu/{bios-microvm.bin,qboot.rom,linuxboot_dma.bin,linuxboot.bin,pvh.bin,multiboot_dma.bin,multiboot.bin,kvmvapic.bin} \
    "$share"/seabios/{bios-256k.bin,bios.bin}; do
    if [[ -e $f ]]; then printf '%s\n' "$f"; fi
  done
}

# tb_quote ARG — ARG single-quoted for sh.
tb_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# tb_initramfs_run RUNDIR CWD WITH_LIST ENV_LIST -- CMD... — writes RUNDIR/initrd: the base archive
# followed by this run's overlay (the command script and the staged files).
tb_initramfs_run() {
  local run=$1 cwd=$2
  local -n with_list=$3 env_list=$4
  shift 5
  local root="$run/overlay" p kv a
  mkdir -p "$root/etc/testbed"
  for p in "${with_list[@]}"; do tb_stage "$root" "$p"; done
  cwd=$(tb_l1_path "$cwd")
  mkdir -p "$root$cwd"
  {
    printf '# written by the testbed on the host: the command to run in L1\n'
    for kv in "${env_list[@]}"; do printf 'export %s=%s\n' "${kv%%=*}" "$(tb_quote "${kv#*=}")"; done
    printf 'cd %s || exit 127\nexec' "$(tb_quote "$cwd")"
    for a in "$@"; do printf ' %s' "$(tb_quote "$a")"; done
    printf '\n'
  } >"$root/etc/testbed/cmd"
  { cat "$TB_BASE_INITRAMFS" && tb_cpio "$root"; } >"$run/initrd"
  rm -rf "$root"
}
