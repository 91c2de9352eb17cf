#!/bin/sh
# Times stateful-node on sparse loop devices: prepare on a blank volume, prepare on a volume
# restored from a smaller snapshot (grow while mounting), and grow on a mounted filesystem whose
# device got bigger. Each case runs at two sizes to show the time does not depend on the size
# (no pass over the device). Prints the median, min and max of RUNS runs, in seconds.
#
#   sudo bench/node-script.sh            # RUNS=5, work dir /var/tmp
#   sudo RUNS=3 BENCH_DIR=/mnt/scratch bench/node-script.sh
#
# Needs root, util-linux, xfsprogs, e2fsprogs, GNU date (%N) and about 3 GiB free in BENCH_DIR:
# the backing files are sparse, but mkfs writes metadata (an xfs log of 512 MiB at 1 TiB).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
SCRIPT=${SCRIPT:-$here/../src/main/resources/dev/statefulcluster/synth/stateful-node.sh}
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/var/tmp}
GIB=1073741824

[ "$(id -u)" -eq 0 ] || { echo "run as root: loop devices and mount" >&2; exit 2; }
[ -r "$SCRIPT" ] || { echo "no script at $SCRIPT" >&2; exit 2; }
case $RUNS in '' | *[!0-9]* | 0) echo "RUNS must be a positive number" >&2; exit 2 ;; esac
free_kib=$(df -Pk "$BENCH_DIR" | awk 'NR == 2 { print $4 }')
[ "$free_kib" -ge $((3 * 1024 * 1024)) ] || { echo "need 3 GiB free in $BENCH_DIR, have $((free_kib / 1024)) MiB" >&2; exit 2; }

vol='vol-0b0e0c0a0f0e0d0c0'
work=$(mktemp -d "$BENCH_DIR/stateful-node-bench.XXXXXX")
loop=''
cleanup() {
  if mountpoint -q "$work/mnt" 2>/dev/null; then umount "$work/mnt" || :; fi
  if [ -n "$loop" ]; then losetup -d "$loop" || :; fi
  rm -rf "$work"
  rm -f "/run/lock/stateful-node.$vol.lock"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/by-id" "$work/sys" "$work/dev"
: >"$work/kmsg"
STATEFUL_NODE_BYID_DIR=$work/by-id
STATEFUL_NODE_SYSFS=$work/sys
STATEFUL_NODE_DEV_DIR=$work/dev
STATEFUL_NODE_FSTAB=$work/fstab
STATEFUL_NODE_KMSG=$work/kmsg
export STATEFUL_NODE_BYID_DIR STATEFUL_NODE_SYSFS STATEFUL_NODE_DEV_DIR STATEFUL_NODE_FSTAB STATEFUL_NODE_KMSG

ns() { date +%s%N; }

node() {
  sh "$SCRIPT" "$@" 2>>"$work/log" || { echo "stateful-node $* failed:" >&2; tail -n 20 "$work/log" >&2; exit 1; }
}

# A fresh sparse volume of $1 GiB behind the by-id link.
new_volume() {
  if mountpoint -q "$work/mnt" 2>/dev/null; then umount "$work/mnt"; fi
  if [ -n "$loop" ]; then losetup -d "$loop"; fi
  rm -f "$work/vol.img" "$work/fstab" "$work/by-id/"*
  truncate -s "$1G" "$work/vol.img"
  loop=$(losetup -f --show "$work/vol.img")
  ln -s "$loop" "$work/by-id/nvme-Amazon_Elastic_Block_Store_vol${vol#vol-}"
  : >"$work/fstab"
}

enlarge() {
  truncate -s "$1G" "$work/vol.img"
  losetup -c "$loop"
}

prepare() { node prepare --volume-id "$vol" --fs "$1" --mount "$work/mnt" --timeout 0; }

# One timed run of case $1 for fs $2 at sizes $3 (and $4, the grown size); prints seconds.
one_run() {
  case $1 in
    blank)
      new_volume "$3"
      t0=$(ns)
      prepare "$2"
      ;;
    restored)
      new_volume "$3"
      prepare "$2"
      umount "$work/mnt"
      enlarge "$4"
      t0=$(ns)
      prepare "$2"
      ;;
    grow)
      new_volume "$3"
      prepare "$2"
      enlarge "$4"
      t0=$(ns)
      node grow --volume-id "$vol" --mount "$work/mnt"
      ;;
  esac
  t1=$(ns)
  fs_bytes=$(sed -n 's/.* fs_bytes \([0-9]*\) .*/\1/p' "$work/kmsg" | tail -n 1)
  want=$((${4:-$3} * GIB))
  [ $((fs_bytes + 64 * 1024 * 1024)) -ge "$want" ] || { echo "$1 $2: filesystem $fs_bytes bytes, device $want" >&2; exit 1; }
  awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f\n", d / 1e9 }'
}

# Prints "median min max" of the numbers on stdin.
stats() {
  sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'
}

bench() {
  label=$1
  shift
  i=0
  : >"$work/times"
  while [ "$i" -lt "$RUNS" ]; do
    one_run "$@" >>"$work/times"
    i=$((i + 1))
  done
  read -r median min max <<EOF
$(stats <"$work/times")
EOF
  printf '%-34s %-5s %7s %7s %7s\n' "$label" "$2" "$median" "$min" "$max"
}

cap_resource=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
echo "stateful-node benchmark: $RUNS runs each, $(uname -r), $(nproc) CPUs, work dir $BENCH_DIR"
printf '%-34s %-5s %7s %7s %7s\n' case fs median min max
for fs in xfs ext4; do
  bench "prepare blank 100 GiB" blank "$fs" 100
  bench "prepare blank 1 TiB" blank "$fs" 1024
  bench "prepare restored 10 -> 100 GiB" restored "$fs" 10 100
  bench "prepare restored 100 GiB -> 1 TiB" restored "$fs" 100 1024
  if [ "$fs" = ext4 ] && [ $((0x$cap_resource >> 24 & 1)) -eq 0 ]; then
    echo "grow (mounted) ext4: skipped, no CAP_SYS_RESOURCE for online ext4 growth here"
    continue
  fi
  bench "grow mounted 10 -> 100 GiB" grow "$fs" 10 100
  bench "grow mounted 100 GiB -> 1 TiB" grow "$fs" 100 1024
done
