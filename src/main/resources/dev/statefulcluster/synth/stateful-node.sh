#!/bin/sh
# stateful-node: the data volume of a stateful-cluster node (installed as /usr/local/sbin/stateful-node).
#
#   stateful-node prepare --volume-id vol-ID --fs xfs|ext4 --mount DIR
#                         [--device /dev/xvdh] [--label LABEL] [--timeout SECONDS]
#   stateful-node grow --volume-id vol-ID --mount DIR [--device /dev/xvdh] [--wait SECONDS]
#                      [--size-gib N]
#   stateful-node wait-healthy --timeout SECONDS [--interval SECONDS] FILE
#   stateful-node node-env [--node N --volume-id vol-ID --ip ADDRESS] [--reload FILE]
#
# prepare  Finds the volume's disk: NVMe serial (SYSFS/block/*/device/serial), then the link
#          BYID_DIR/nvme-Amazon_Elastic_Block_Store_volID, then --device and its sd/xvd alias
#          (Xen); waits up to --timeout (300) s. Makes a filesystem only on a disk that holds no
#          signature at all (blkid -p, wipefs) and whose first and last MiB read as zeros.
#          Takes the expected filesystem on the whole disk, or on the only partition of a
#          partition table (growpart). Refuses anything else and writes nothing to it. Writes
#          one fstab line "UUID=... DIR FS defaults,nofail 0 2", mounts, grows to the device.
#          Label: --label, default the last part of DIR (ext4 <= 16, xfs <= 12 characters).
# grow     Grows the filesystem mounted at DIR to its device's size. When it fills the device
#          already, polls up to --wait (0) s for the device to get bigger, then grows. Does not
#          unmount: ext4 needs a kernel that allows online growth (CAP_SYS_RESOURCE).
#          With --size-gib N (the volume's size in the template), it waits up to --wait for the
#          device to reach N GiB, grows, and exits 8 if the device is still smaller: the volume
#          modification is not visible yet, and cfn-hup runs the hook again at its next poll.
# wait-healthy  Runs "sh FILE" every --interval (5) s until it exits 0; gives up after --timeout.
# node-env Builds ENV_DIR/node.env from the node's own values (self.env, written when --node,
#          --volume-id and --ip are given) and the cluster's (cluster.env, written by cfn-init).
#          When node.env existed and its content changes, runs "sh FILE" of --reload once; a
#          failed reload is run again by the next node-env, even with nothing changed.
#
# After each successful prepare or grow, one line goes to the kernel log and to the serial console
# (the EC2 console output; written to the console directly, since a "quiet" kernel keeps notices
# off it):
#   stateful-cluster: filesystem DIR volume vol-ID fs_bytes N device_bytes M
#
# Exit codes: 0 done (or nothing to do) | 1 unexpected error | 2 usage, not root | 3 disk not found in time
#   4 refused: the disk holds something else, or is another volume | 5 a tool failed
#   6 conflict: DIR or the disk in use elsewhere, DIR not mounted (grow), lock held
#   7 health command did not succeed in time | 8 grow: device not yet at --size-gib
#
# Test overrides (defaults): STATEFUL_NODE_SYSFS (/sys), STATEFUL_NODE_BYID_DIR (/dev/disk/by-id),
#   STATEFUL_NODE_DEV_DIR (/dev), STATEFUL_NODE_FSTAB (/etc/fstab), STATEFUL_NODE_KMSG (/dev/kmsg),
#   STATEFUL_NODE_CONSOLE (/dev/console), STATEFUL_NODE_ENV_DIR (/etc/stateful-cluster).
#
# Every step looks before it acts, so a second run, a run after a failure part-way or after a
# rollback changes nothing that is already right. Reference: docs/node-script.md.
set -eu
LC_ALL=C
export LC_ALL
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin
umask 022

PROG=stateful-node
SYSFS=${STATEFUL_NODE_SYSFS:-/sys}
BYID_DIR=${STATEFUL_NODE_BYID_DIR:-/dev/disk/by-id}
DEV_DIR=${STATEFUL_NODE_DEV_DIR:-/dev}
FSTAB=${STATEFUL_NODE_FSTAB:-/etc/fstab}
KMSG=${STATEFUL_NODE_KMSG:-/dev/kmsg}
CONSOLE=${STATEFUL_NODE_CONSOLE:-/dev/console}
ENV_DIR=${STATEFUL_NODE_ENV_DIR:-/etc/stateful-cluster}
# EBS sizes move in whole GiB; a filesystem within this of its device is full size (ext4 and xfs
# may leave a tail too small for a group, a GPT keeps its backup header at the end).
SLACK=$((64 * 1024 * 1024))

VOLID='' SERIAL='' FS='' DIR='' DEVICE='' LABEL='' TIMEOUT=300 WAIT=0 INTERVAL=5 SIZE_GIB=
DISK='' HOW='' LAYOUT='' FSDEV='' PARTNR='' UUID='' FS_BYTES=0

log() {
  printf '%s: %s\n' "$PROG" "$*" >&2
  if command -v logger >/dev/null 2>&1; then logger -t "$PROG" -- "$*" 2>/dev/null || :; fi
}

die() {
  die_code=$1
  shift
  log "error: $*"
  exit "$die_code"
}

usage() {
  cat <<'EOF'
usage: stateful-node prepare --volume-id vol-ID --fs xfs|ext4 --mount DIR
                             [--device /dev/xvdh] [--label LABEL] [--timeout SECONDS]
       stateful-node grow --volume-id vol-ID --mount DIR [--device /dev/xvdh] [--wait SECONDS]
                          [--size-gib N]
       stateful-node wait-healthy --timeout SECONDS [--interval SECONDS] FILE
       stateful-node node-env [--node N --volume-id vol-ID --ip ADDRESS] [--reload FILE]
exit codes: 0 ok, 2 usage, 3 disk not found in time, 4 refused (foreign content or another
volume), 5 tool failed, 6 conflict (mount point, lock), 7 health command not healthy in time,
8 grow: the device is not yet at --size-gib
EOF
}

bad() {
  log "error: $*"
  printf "%s: run '%s --help' for usage\n" "$PROG" "$PROG" >&2
  exit 2
}

# Centiseconds since boot: monotonic, unlike the clock, which chrony may step at first boot.
now() {
  if read -r now_up _ </proc/uptime 2>/dev/null; then
    now_frac=${now_up#*.}
    echo $((${now_up%.*} * 100 + ${now_frac#0}))
  else
    echo $(($(date +%s) * 100))
  fi
}

# Runs a tool; on failure shows its output and exits 5.
run() {
  run_out=$("$@" 2>&1 </dev/null) && return 0
  run_rc=$?
  log "$* failed (exit $run_rc):"
  printf '%s\n' "$run_out" | sed 's/^/    /' >&2
  exit 5
}

need_tools() {
  for nt_tool in "$@"; do
    command -v "$nt_tool" >/dev/null 2>&1 ||
      die 5 "$nt_tool not found; install util-linux, e2fsprogs and xfsprogs"
  done
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die 2 "$1 changes disks and mounts: run it as root"
}

# ---- argument checks: every value reaches a command line, so each has a strict shape ----

check_volume_id() {
  case $1 in
    vol-*) cv_hex=${1#vol-} ;;
    *) cv_hex=x ;;
  esac
  case $cv_hex in
    '' | *[!0-9a-f]*) cv_hex=x ;;
  esac
  [ ${#cv_hex} -eq 8 ] || [ ${#cv_hex} -eq 17 ] ||
    bad "--volume-id '$1' must be vol- and 8 or 17 lowercase hex digits, e.g. vol-0123456789abcdef0"
}

check_seconds() {
  case $2 in
    '' | *[!0-9]*) bad "$1 '$2' must be a whole number of seconds" ;;
  esac
  [ ${#2} -le 6 ] || bad "$1 '$2' is too large (at most 999999 seconds)"
}

check_mount() {
  case $1 in
    '') bad "--mount is required, e.g. --mount /data" ;;
    /*) ;;
    *) bad "--mount '$1' must be an absolute path such as /data" ;;
  esac
  # A blank volume anywhere inside these would hide the system's files; the parents are refused
  # themselves only, so /var/lib/kafka or /opt/kafka stay possible. Same lists as the spec's.
  case $1 in
    / | /home | /opt | /tmp | /var | /var/lib | /var/tmp)
      bad "--mount '$1' is a system directory; give the volume a directory of its own such as /data" ;;
    /bin | /bin/* | /boot | /boot/* | /dev | /dev/* | /etc | /etc/* | /lib | /lib/* | /lib32 | /lib32/* | /lib64 | /lib64/* | /libx32 | /libx32/* | /opt/aws | /opt/aws/* | /proc | /proc/* | /root | /root/* | /run | /run/* | /sbin | /sbin/* | /sys | /sys/* | /usr | /usr/* | /var/cache | /var/cache/* | /var/lib/cfn-hup | /var/lib/cfn-hup/* | /var/lib/cloud | /var/lib/cloud/* | /var/log | /var/log/* | /var/spool | /var/spool/*)
      bad "--mount '$1' is a system directory or inside one; give the volume a directory of its own such as /data" ;;
  esac
  case $1 in
    *[!A-Za-z0-9._/-]*) bad "--mount '$1' may hold only letters, digits, '.', '_', '-' and '/'" ;;
    */ | *//* | */./* | */../* | */. | */..) bad "--mount '$1' must be a plain path: no trailing '/', no '//', '.' or '..'" ;;
  esac
  [ ${#1} -le 200 ] || bad "--mount '$1' is longer than 200 characters"
}

check_fs() {
  case $1 in
    xfs | ext4) ;;
    '') bad "--fs is required: xfs or ext4" ;;
    *) bad "--fs '$1' is not supported: use xfs or ext4" ;;
  esac
}

check_label() {
  case $1 in
    '' | *[!A-Za-z0-9._-]*) bad "--label '$1' may hold only letters, digits, '.', '_' and '-'" ;;
  esac
  cl_max=16
  [ "$FS" = xfs ] && cl_max=12
  [ ${#1} -le $cl_max ] || bad "--label '$1' is longer than $cl_max characters, the $FS limit"
}

check_device() {
  case $1 in
    '' | /dev/sd[a-z] | /dev/sd[a-z][a-z] | /dev/xvd[a-z] | /dev/xvd[a-z][a-z]) ;;
    *) bad "--device '$1' must be an attachment name such as /dev/xvdh or /dev/sdh" ;;
  esac
}

check_node() {
  case $1 in
    '' | 0* | *[!0-9]*) bad "--node '$1' must be a node number (1, 2, ...)" ;;
  esac
  [ ${#1} -le 4 ] || bad "--node '$1' is too large (at most 9999)"
}

check_ip() {
  ci_rest=$1.
  ci_parts=0
  while [ -n "$ci_rest" ]; do
    ci_part=${ci_rest%%.*}
    ci_rest=${ci_rest#*.}
    case $ci_part in
      '' | *[!0-9]*) ci_parts=9 ;;
      *) [ ${#ci_part} -le 3 ] && [ "$ci_part" -le 255 ] || ci_parts=9 ;;
    esac
    ci_parts=$((ci_parts + 1))
  done
  [ "$ci_parts" -eq 4 ] || bad "--ip '$1' must be an IPv4 address such as 10.0.1.10"
}

# Fails unless the option $1 has a value ($2 = arguments left, counting the option).
opt_value() {
  [ "$2" -ge 2 ] || bad "$1 needs a value"
}

# ---- finding the disk ----

# The serial a disk reports in SYSFS, empty when it has none (Xen, loop).
serial_of() {
  so_serial=''
  if [ -r "$SYSFS/block/$1/device/serial" ]; then
    read -r so_serial <"$SYSFS/block/$1/device/serial" || :
  fi
  printf '%s' "$so_serial"
}

is_ours() {
  [ "$1" = "$SERIAL" ] || [ "$1" = "$VOLID" ]
}

# A disk found by link or name must not report another volume's serial.
verify_identity() {
  vi_serial=$(serial_of "${1##*/}")
  [ -z "$vi_serial" ] || is_ours "$vi_serial" ||
    die 4 "$2 leads to $1, which is volume $vi_serial, not $VOLID; refusing to touch it, nothing was written"
}

lookup_serial() {
  ls_found=''
  for ls_file in "$SYSFS"/block/*/device/serial; do
    [ -r "$ls_file" ] || continue
    ls_serial=''
    read -r ls_serial <"$ls_file" || :
    is_ours "$ls_serial" || continue
    ls_name=${ls_file%/device/serial}
    ls_name=${ls_name##*/}
    ls_hidden=0
    if [ -r "$SYSFS/block/$ls_name/hidden" ]; then read -r ls_hidden <"$SYSFS/block/$ls_name/hidden" || :; fi
    [ "$ls_hidden" != 1 ] || continue
    [ -z "$ls_found" ] || die 4 "both $ls_found and $ls_name report serial $SERIAL; refusing to guess"
    ls_found=$ls_name
  done
  [ -n "$ls_found" ] && [ -b "$DEV_DIR/$ls_found" ] || return 1
  DISK=$(readlink -f "$DEV_DIR/$ls_found") || return 1
  HOW="NVMe serial in $SYSFS/block/$ls_found"
}

lookup_byid() {
  lb_link=$BYID_DIR/nvme-Amazon_Elastic_Block_Store_$SERIAL
  [ -b "$lb_link" ] || return 1
  DISK=$(readlink -f "$lb_link") || return 1
  verify_identity "$DISK" "the link $lb_link"
  HOW="link $lb_link"
}

alias_of() {
  case $1 in
    sd*) printf 'xvd%s' "${1#sd}" ;;
    xvd*) printf 'sd%s' "${1#xvd}" ;;
  esac
}

lookup_name() {
  [ -n "$DEVICE" ] || return 1
  ln_base=${DEVICE#/dev/}
  for ln_name in "$ln_base" "$(alias_of "$ln_base")"; do
    [ -b "$DEV_DIR/$ln_name" ] || continue
    DISK=$(readlink -f "$DEV_DIR/$ln_name") || continue
    verify_identity "$DISK" "the device name $DEV_DIR/$ln_name"
    HOW="device name $DEV_DIR/$ln_name"
    return 0
  done
  return 1
}

find_disk() {
  lookup_serial || lookup_byid || lookup_name
}

wait_for_disk() {
  wd_start=$(now)
  wd_told=''
  until find_disk; do
    if [ $(($(now) - wd_start)) -ge $(($1 * 100)) ]; then
      wd_names=''
      [ -z "$DEVICE" ] || wd_names=", and $DEV_DIR/${DEVICE#/dev/} or $DEV_DIR/$(alias_of "${DEVICE#/dev/}")"
      die 3 "no disk for $VOLID after $1 s: looked for NVMe serial $SERIAL in $SYSFS/block/*/device/serial, the link $BYID_DIR/nvme-Amazon_Elastic_Block_Store_$SERIAL$wd_names. Is the volume attached to this instance?"
    fi
    if [ -z "$wd_told" ]; then
      log "waiting up to $1 s for the disk of $VOLID to appear"
      wd_told=1
    fi
    sleep 1
  done
  [ -b "$DISK" ] || die 5 "$HOW leads to $DISK, which is not a block device"
  log "found $VOLID: $DISK ($HOW)"
}

# ---- looking at a disk, read-only ----

size_of() {
  blockdev --getsize64 "$1" 2>/dev/null || die 5 "cannot read the size of $1"
}

majmin() {
  mm_hex=$(stat -L -c '%t %T' "$1") || die 5 "cannot stat $1"
  printf '%d:%d' "0x${mm_hex% *}" "0x${mm_hex#* }"
}

# Sets P_RC (blkid -p: 0 found, 2 nothing, 8 ambivalent), P_OUT and P_TYPE, P_PTTYPE.
probe() {
  P_OUT=$(blkid -p -o export "$1" 2>&1) && P_RC=0 || P_RC=$?
  P_TYPE=$(printf '%s\n' "$P_OUT" | sed -n 's/^TYPE=//p')
  P_PTTYPE=$(printf '%s\n' "$P_OUT" | sed -n 's/^PTTYPE=//p')
}

probe_field() {
  printf '%s\n' "$P_OUT" | sed -n "s/^$1=//p"
}

# True when $3 sectors of $1 from sector $2 all read as zero; a failed read counts as data.
zeros() {
  z_count=$({ dd if="$1" bs=512 skip="$2" count="$3" 2>/dev/null || echo unreadable; } | tr -d '\000' | wc -c | tr -d ' ')
  [ "$z_count" -eq 0 ]
}

is_blank() {
  ib_sig=$(wipefs "$1" 2>&1) || die 5 "wipefs $1 failed: $ib_sig"
  [ -z "$ib_sig" ] || return 1
  ib_size=$(size_of "$1") || exit
  ib_sectors=$((ib_size / 512))
  [ "$ib_sectors" -ge 4096 ] || die 4 "$1 is smaller than 2 MiB: not a data volume"
  zeros "$1" 0 2048 && zeros "$1" $((ib_sectors - 2048)) 2048
}

part_path() {
  case $1 in
    *[0-9]) printf '%sp%s' "$1" "$2" ;;
    *) printf '%s%s' "$1" "$2" ;;
  esac
}

# Numbers of the partitions in DISK's partition table, read from the disk itself.
partitions_of() {
  partx -g -o NR "$1" 2>/dev/null | tr -d ' '
}

refuse() {
  die 4 "$DISK ($VOLID) $*; nothing was written to it. Check the volume (wipefs $DISK, lsblk -f $DISK): it may belong to something else"
}

# Sets LAYOUT (blank | disk | part), FSDEV and PARTNR, or refuses. Writes nothing.
classify() {
  probe "$DISK"
  case $P_RC in
    2)
      is_blank "$DISK" || refuse "holds no known signature, but its first or last MiB holds data (encrypted, wiped or unknown content)"
      LAYOUT=blank
      log "$DISK is blank"
      ;;
    8) refuse "holds several signatures (blkid -p is ambivalent): $(wipefs "$DISK" 2>&1 | tr '\n' ' ')" ;;
    0)
      if [ -n "$P_TYPE" ] && [ -z "$P_PTTYPE" ]; then
        [ "$P_TYPE" = "$FS" ] || refuse "holds $P_TYPE ($(probe_field USAGE)), not $FS"
        LAYOUT=disk
        FSDEV=$DISK
      elif [ -n "$P_PTTYPE" ] && [ -z "$P_TYPE" ]; then
        cl_parts=$(partitions_of "$DISK")
        cl_count=$(printf '%s\n' "$cl_parts" | grep -c . || :)
        [ "$cl_count" -eq 1 ] || refuse "holds a $P_PTTYPE partition table with $cl_count partitions; only a single partition is taken"
        PARTNR=$cl_parts
        FSDEV=$(part_path "$DISK" "$PARTNR")
        if [ ! -b "$FSDEV" ]; then
          # The kernel did not scan the table (it does at attachment on EC2); adding the
          # partition to the kernel's view writes nothing to the disk.
          partx -a --nr "$PARTNR" "$DISK" >/dev/null 2>&1 || :
        fi
        [ -b "$FSDEV" ] || die 5 "partition $PARTNR of $DISK has no device node $FSDEV"
        probe "$FSDEV"
        { [ "$P_RC" -eq 0 ] && [ "$P_TYPE" = "$FS" ]; } ||
          refuse "holds one partition, $FSDEV, with ${P_TYPE:-no filesystem} on it, not $FS"
        cl_disk_mm=$(majmin "$DISK") || exit
        cl_part_of=$(probe_field PART_ENTRY_DISK)
        [ -z "$cl_part_of" ] || [ "$cl_part_of" = "$cl_disk_mm" ] ||
          die 5 "$FSDEV is partition of device $cl_part_of, not of $DISK ($cl_disk_mm), according to blkid"
        LAYOUT=part
      else
        refuse "holds ${P_TYPE:-} ${P_PTTYPE:+partition table $P_PTTYPE}: not a single $FS filesystem"
      fi
      log "$FSDEV holds $FS"
      ;;
    *) die 5 "blkid -p $DISK failed (exit $P_RC): $P_OUT" ;;
  esac
}

# ---- mounts ----

# maj:min of what is mounted at $1 (the topmost mount), empty when nothing is.
mounted_at() {
  awk -v d="$1" '$5 == d { m = $3 } END { print m }' /proc/self/mountinfo
}

fstype_at() {
  awk -v d="$1" '$5 == d { for (i = 7; i < NF; i++) if ($i == "-") { t = $(i + 1); break } } END { print t }' /proc/self/mountinfo
}

mount_points_of() {
  awk -v m="$1" '$3 == m { print $5 }' /proc/self/mountinfo | tr '\n' ' '
}

prepare_dir() {
  [ ! -L "$DIR" ] || die 6 "$DIR is a symbolic link; give the directory it points to"
  [ ! -e "$DIR" ] || [ -d "$DIR" ] || die 6 "$DIR exists and is not a directory"
  mkdir -p "$DIR" || die 5 "cannot create $DIR"
  pd_real=$(readlink -f "$DIR") || die 5 "cannot resolve $DIR"
  [ "$pd_real" = "$DIR" ] || die 6 "$DIR resolves to $pd_real through a symbolic link; give $pd_real"
}

# ---- sizes ----

# Sets FS_BYTES: the size of the filesystem (block count times block size).
fs_bytes() {
  case $FS in
    xfs) fb_pair=$(xfs_info "$DIR" 2>/dev/null | awk '/^data *=/ { for (i = 1; i <= NF; i++) { if ($i ~ /^blocks=/) c = $i; if ($i ~ /^bsize=/) b = $i } } END { gsub(/[^0-9]/, "", c); gsub(/[^0-9]/, "", b); print c " " b }') ;;
    ext4) fb_pair=$(dumpe2fs -h "$FSDEV" 2>/dev/null | awk -F: '/^Block count:/ { c = $2 } /^Block size:/ { b = $2 } END { gsub(/[^0-9]/, "", c); gsub(/[^0-9]/, "", b); print c " " b }') ;;
  esac
  fb_count=${fb_pair% *}
  fb_size=${fb_pair#* }
  case $fb_count:$fb_size in
    :* | *: | *[!0-9:]*) die 5 "cannot read the size of the $FS filesystem on $FSDEV" ;;
  esac
  FS_BYTES=$((fb_count * fb_size))
}

grow_partition() {
  gp_line=$(partx -g -o START,SECTORS --nr "$PARTNR" "$DISK") || die 5 "partx cannot read partition $PARTNR of $DISK"
  gp_start=$(printf '%s\n' "$gp_line" | awk '{ print $1 }')
  gp_sectors=$(printf '%s\n' "$gp_line" | awk '{ print $2 }')
  gp_size=$(size_of "$DISK") || exit
  gp_room=$((gp_size - (gp_start + gp_sectors) * 512))
  [ "$gp_room" -gt "$SLACK" ] || return 0
  if ! command -v growpart >/dev/null 2>&1; then
    log "warning: $gp_room bytes free after partition $PARTNR of $DISK, but growpart is not installed (cloud-utils-growpart or cloud-guest-utils); the partition keeps its size"
    return 0
  fi
  log "growing partition $PARTNR of $DISK by $gp_room bytes"
  gp_out=$(growpart "$DISK" "$PARTNR" 2>&1) && gp_rc=0 || gp_rc=$?
  case $gp_rc:$gp_out in
    0:* | 1:*NOCHANGE*) ;;
    *) die 5 "growpart $DISK $PARTNR failed (exit $gp_rc): $gp_out" ;;
  esac
}

# e2fsck exit 1-3 means it fixed something; 4 and up, that it could not.
check_ext4() {
  ce_out=$(e2fsck "$@" "$FSDEV" 2>&1 </dev/null) && ce_rc=0 || ce_rc=$?
  case $ce_rc in
    0) ;;
    1 | 2 | 3) log "e2fsck repaired $FSDEV: $(printf '%s' "$ce_out" | tr '\n' ' ')" ;;
    *) die 5 "e2fsck $* $FSDEV found problems it cannot fix (exit $ce_rc); run e2fsck -f $FSDEV by hand: $ce_out" ;;
  esac
}

# Grows the mounted filesystem when it is smaller than its device; sets GREW. $1 = 1 when this run
# mounted it, which allows ext4 to be grown offline if the kernel refuses online growth.
grow_fs() {
  GREW=0
  fs_bytes
  gf_target=$(size_of "$FSDEV") || exit
  [ $((FS_BYTES + SLACK)) -lt "$gf_target" ] || return 0
  log "growing $FS on $FSDEV from $FS_BYTES to $gf_target bytes"
  case $FS in
    xfs) run xfs_growfs -d "$DIR" ;;
    ext4)
      gf_out=$(resize2fs "$FSDEV" 2>&1 </dev/null) && gf_rc=0 || gf_rc=$?
      if [ "$gf_rc" -ne 0 ]; then
        [ "$1" = 1 ] || die 5 "resize2fs $FSDEV failed online (exit $gf_rc); the kernel may deny online growth (needs CAP_SYS_RESOURCE): $gf_out"
        log "online growth refused ($(printf '%s' "$gf_out" | tr '\n' ' ')); growing $FSDEV offline"
        run umount "$DIR"
        check_ext4 -f -p
        run resize2fs "$FSDEV"
        run mount -t ext4 "$FSDEV" "$DIR"
      fi
      ;;
  esac
  GREW=1
}

report() {
  fs_bytes
  rp_size=$(size_of "$DISK") || exit
  rp_line="stateful-cluster: filesystem $DIR volume $VOLID fs_bytes $FS_BYTES device_bytes $rp_size"
  log "$rp_line"
  if [ -w "$CONSOLE" ]; then
    printf '%s\n' "$rp_line" 2>/dev/null >>"$CONSOLE" || log "warning: cannot write to $CONSOLE"
  fi
  if [ -w "$KMSG" ]; then
    printf '<5>%s\n' "$rp_line" 2>/dev/null >>"$KMSG" || log "warning: cannot write to $KMSG"
  fi
}

# ---- fstab ----

# check: exit 0 when FSTAB holds exactly the wanted line for DIR and nothing else for DIR or UUID.
# rewrite: print FSTAB with the wanted line in place of the first such line (or at the end).
fstab_awk() {
  awk -v mode="$1" -v d="$DIR" -v u="UUID=$UUID" -v q="UUID=\"$UUID\"" -v w="$uf_want" '
    /^[ \t]*#/ { if (mode == "rewrite") print; next }
    $2 == d || $1 == u || $1 == q {
      n++
      if (NF == 6 && $1 " " $2 " " $3 " " $4 " " $5 " " $6 == w) ok++
      if (mode == "rewrite" && n == 1) print w
      next
    }
    mode == "rewrite" { print }
    END { if (mode == "rewrite") { if (!n) print w } else exit !(n == 1 && ok == 1) }' "$FSTAB"
}

update_fstab() {
  uf_want="UUID=$UUID $DIR $FS defaults,nofail 0 2"
  if [ -f "$FSTAB" ] && fstab_awk check; then
    log "$FSTAB already mounts $DIR by UUID=$UUID"
    return 0
  fi
  # Written beside it and renamed, so that fstab is never half-written.
  uf_tmp=$FSTAB.stateful-node.tmp
  if [ -f "$FSTAB" ]; then
    cp -p "$FSTAB" "$uf_tmp" && fstab_awk rewrite >"$uf_tmp" && mv -f "$uf_tmp" "$FSTAB" || uf_ok=no
  else
    printf '%s\n' "$uf_want" >"$uf_tmp" && mv -f "$uf_tmp" "$FSTAB" || uf_ok=no
  fi
  if [ "${uf_ok:-}" = no ]; then
    rm -f "$uf_tmp"
    die 5 "cannot write $FSTAB"
  fi
  log "$FSTAB: $uf_want"
  # systemd keeps mount units generated from the old fstab; a stale one can unmount the new mount.
  if [ "$FSTAB" = /etc/fstab ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl daemon-reload >/dev/null 2>&1 || log "warning: systemctl daemon-reload failed"
  fi
}

# ---- locking: prepare and grow of one volume never run at the same time ----

take_lock() {
  tl_dir=/run/lock
  [ -d "$tl_dir" ] || tl_dir=/run
  [ -d "$tl_dir" ] || tl_dir=/tmp
  if ! command -v flock >/dev/null 2>&1; then
    log "warning: flock not found; running without a lock"
    return 0
  fi
  exec 9>"$tl_dir/stateful-node.$VOLID.lock"
  flock -w 600 9 || die 6 "another stateful-node run for $VOLID still holds $tl_dir/stateful-node.$VOLID.lock after 600 s"
}

# ---- commands ----

cmd_prepare() {
  while [ $# -gt 0 ]; do
    case $1 in
      --*=*)
        cp_opt=${1%%=*}
        cp_val=${1#*=}
        shift
        set -- "$cp_opt" "$cp_val" "$@"
        continue
        ;;
    esac
    case $1 in
      --volume-id) opt_value "$1" $#; VOLID=$2 ;;
      --fs) opt_value "$1" $#; FS=$2 ;;
      --mount) opt_value "$1" $#; DIR=$2 ;;
      --device) opt_value "$1" $#; DEVICE=$2 ;;
      --label) opt_value "$1" $#; LABEL=$2 ;;
      --timeout) opt_value "$1" $#; TIMEOUT=$2 ;;
      *) bad "prepare does not take '$1'" ;;
    esac
    shift 2
  done
  [ -n "$VOLID" ] || bad "--volume-id is required"
  check_volume_id "$VOLID"
  check_fs "$FS"
  check_mount "$DIR"
  check_device "$DEVICE"
  check_seconds --timeout "$TIMEOUT"
  if [ -z "$LABEL" ]; then
    LABEL=$(printf '%s' "${DIR##*/}" | tr -cd 'A-Za-z0-9._-' | cut -c 1-12)
    [ -n "$LABEL" ] || LABEL=data
  fi
  check_label "$LABEL"
  SERIAL=vol${VOLID#vol-}
  need_root prepare
  need_tools blkid wipefs blockdev partx mount umount stat readlink dd awk
  case $FS in
    xfs) need_tools mkfs.xfs xfs_growfs xfs_info ;;
    ext4) need_tools mkfs.ext4 e2fsck resize2fs dumpe2fs ;;
  esac

  prepare_dir
  take_lock
  wait_for_disk "$TIMEOUT"
  classify
  cp_mounted=$(mounted_at "$DIR")
  if [ "$LAYOUT" = blank ]; then
    [ -z "$cp_mounted" ] || die 6 "$DIR already has device $cp_mounted mounted on it; refusing to mount over it"
    log "making $FS labelled $LABEL on $DISK"
    case $FS in
      xfs) run mkfs.xfs -K -L "$LABEL" "$DISK" ;;
      # Only a disk reading zeros is formatted, so the journal and inode tables need no zeroing.
      ext4) run mkfs.ext4 -E nodiscard,lazy_itable_init=1,lazy_journal_init=1 -L "$LABEL" "$DISK" ;;
    esac
    FSDEV=$DISK
    probe "$FSDEV"
    [ "$P_TYPE" = "$FS" ] || die 5 "mkfs finished but blkid does not see $FS on $FSDEV"
  else
    cp_mm=$(majmin "$FSDEV") || exit
    [ -z "$cp_mounted" ] || [ "$cp_mounted" = "$cp_mm" ] ||
      die 6 "$DIR already has device $cp_mounted mounted on it, not $FSDEV; refusing to mount over it"
    if [ -z "$cp_mounted" ]; then
      cp_elsewhere=$(mount_points_of "$cp_mm")
      [ -z "$cp_elsewhere" ] || die 6 "$FSDEV is already mounted at $cp_elsewhere; unmount it first or use that directory"
    fi
  fi
  [ "$LAYOUT" != part ] || grow_partition
  UUID=$(blkid -p -s UUID -o value "$FSDEV") || UUID=''
  [ -n "$UUID" ] || die 5 "blkid finds no UUID on $FSDEV"
  update_fstab
  cp_now=0
  if [ -n "$cp_mounted" ]; then
    log "$FSDEV is already mounted at $DIR"
  else
    [ "$FS" != ext4 ] || check_ext4 -p
    [ -z "$(ls -A "$DIR")" ] || log "warning: $DIR is not empty; its files stay hidden under the mount"
    log "mounting $FSDEV at $DIR"
    run mount -t "$FS" "$FSDEV" "$DIR"
    cp_now=1
  fi
  grow_fs "$cp_now"
  report
}

cmd_grow() {
  while [ $# -gt 0 ]; do
    case $1 in
      --*=*)
        cg_opt=${1%%=*}
        cg_val=${1#*=}
        shift
        set -- "$cg_opt" "$cg_val" "$@"
        continue
        ;;
    esac
    case $1 in
      --volume-id) opt_value "$1" $#; VOLID=$2 ;;
      --mount) opt_value "$1" $#; DIR=$2 ;;
      --device) opt_value "$1" $#; DEVICE=$2 ;;
      --wait) opt_value "$1" $#; WAIT=$2 ;;
      --size-gib) opt_value "$1" $#; SIZE_GIB=$2 ;;
      *) bad "grow does not take '$1'" ;;
    esac
    shift 2
  done
  [ -n "$VOLID" ] || bad "--volume-id is required"
  check_volume_id "$VOLID"
  check_mount "$DIR"
  check_device "$DEVICE"
  check_seconds --wait "$WAIT"
  case $SIZE_GIB in
    '') ;;
    *[!0-9]* | 0*) bad "--size-gib '$SIZE_GIB' is not a size in GiB (1 to 65536)" ;;
    *)
      if [ ${#SIZE_GIB} -gt 5 ] || [ "$SIZE_GIB" -gt 65536 ]; then
        bad "--size-gib '$SIZE_GIB' is over 65536"
      fi
      ;;
  esac
  SERIAL=vol${VOLID#vol-}
  need_root grow
  need_tools blockdev partx stat readlink awk

  take_lock
  # The wait covers a disk whose links udev is still renewing after the resize, then its growth.
  cg_start=$(now)
  wait_for_disk "$WAIT"
  cg_mounted=$(mounted_at "$DIR")
  [ -n "$cg_mounted" ] || die 6 "nothing is mounted at $DIR; run stateful-node prepare first"
  FS=$(fstype_at "$DIR")
  case $FS in
    xfs) need_tools xfs_growfs xfs_info ;;
    ext4) need_tools resize2fs dumpe2fs ;;
    *) die 4 "$DIR holds a $FS filesystem; grow handles xfs and ext4" ;;
  esac
  cg_disk_mm=$(majmin "$DISK") || exit
  if [ "$cg_mounted" = "$cg_disk_mm" ]; then
    LAYOUT=disk
    FSDEV=$DISK
  else
    PARTNR=$(partitions_of "$DISK")
    FSDEV=$(part_path "$DISK" "$PARTNR")
    case $PARTNR in
      '' | *[!0-9]*) FSDEV='' ;;
    esac
    { [ -n "$FSDEV" ] && [ -b "$FSDEV" ] && [ "$(majmin "$FSDEV" 2>/dev/null)" = "$cg_mounted" ]; } ||
      die 6 "$DIR is mounted from device $cg_mounted, which is not $VOLID ($DISK) nor its only partition"
    LAYOUT=part
  fi

  cg_told=''
  while :; do
    [ "$LAYOUT" != part ] || grow_partition
    grow_fs 0
    if [ -n "$SIZE_GIB" ]; then
      # Done once the device has the size the template asks for (and the filesystem fills it).
      cg_size=$(size_of "$DISK") || exit
      [ "$cg_size" -lt $((SIZE_GIB * 1073741824)) ] || break
    else
      [ "$GREW" = 0 ] || break
    fi
    if [ $(($(now) - cg_start)) -ge $((WAIT * 100)) ]; then
      if [ -n "$SIZE_GIB" ]; then
        report
        die 8 "$DISK is $cg_size bytes, not yet $SIZE_GIB GiB after $WAIT s; the volume modification may still be in progress (cfn-hup runs this again at its next poll)"
      fi
      log "$FS at $DIR already fills $FSDEV"
      break
    fi
    if [ -z "$cg_told" ]; then
      log "$FS at $DIR fills $FSDEV; waiting up to $WAIT s for the device to grow"
      cg_told=1
    fi
    sleep 1
  done
  report
}

cmd_wait_healthy() {
  cw_file=''
  cw_timeout=''
  while [ $# -gt 0 ]; do
    case $1 in
      --*=*)
        cw_opt=${1%%=*}
        cw_val=${1#*=}
        shift
        set -- "$cw_opt" "$cw_val" "$@"
        continue
        ;;
      --timeout) opt_value "$1" $#; cw_timeout=$2; shift ;;
      --interval) opt_value "$1" $#; INTERVAL=$2; shift ;;
      --)
        [ $# -eq 2 ] || bad "wait-healthy takes one FILE after --"
        cw_file=$2
        shift
        ;;
      -*) bad "wait-healthy does not take '$1'" ;;
      *)
        [ -z "$cw_file" ] || bad "wait-healthy takes one FILE, not '$cw_file' and '$1'"
        cw_file=$1
        ;;
    esac
    shift
  done
  [ -n "$cw_timeout" ] || bad "--timeout is required"
  check_seconds --timeout "$cw_timeout"
  check_seconds --interval "$INTERVAL"
  [ "$INTERVAL" -ge 1 ] || bad "--interval must be at least 1 second"
  [ -n "$cw_file" ] || bad "wait-healthy needs the FILE holding the health command"
  { [ -f "$cw_file" ] && [ -r "$cw_file" ]; } || bad "health command file '$cw_file' does not exist or cannot be read"

  cw_start=$(now)
  cw_attempt=0
  cw_rc=0
  while :; do
    cw_left=$((cw_timeout * 100 - ($(now) - cw_start)))
    [ "$cw_attempt" -eq 0 ] || [ "$cw_left" -gt 0 ] ||
      die 7 "not healthy: $cw_file did not succeed within $cw_timeout s ($cw_attempt attempts, last exit $cw_rc)"
    cw_attempt=$((cw_attempt + 1))
    # each attempt gets the seconds left, rounded up, at least 1
    cw_left=$(((cw_left + 99) / 100))
    [ "$cw_left" -ge 1 ] || cw_left=1
    if command -v timeout >/dev/null 2>&1; then
      timeout "$cw_left" sh "$cw_file" </dev/null >&2 && cw_rc=0 || cw_rc=$?
    else
      sh "$cw_file" </dev/null >&2 && cw_rc=0 || cw_rc=$?
    fi
    if [ "$cw_rc" -eq 0 ]; then
      log "healthy: $cw_file succeeded on attempt $cw_attempt after $((($(now) - cw_start) / 100)) s"
      return 0
    fi
    cw_left=$((cw_timeout * 100 - ($(now) - cw_start)))
    [ "$cw_left" -gt 0 ] ||
      die 7 "not healthy: $cw_file did not succeed within $cw_timeout s ($cw_attempt attempts, last exit $cw_rc)"
    cw_sleep=$INTERVAL
    [ $((cw_sleep * 100)) -le "$cw_left" ] || cw_sleep=$(((cw_left + 99) / 100))
    log "health command $cw_file exited $cw_rc (attempt $cw_attempt); retrying in $cw_sleep s"
    sleep "$cw_sleep"
  done
}

# node.env = the node's own values, then the cluster's; the reload runs only when that changed.
cmd_node_env() {
  ce_node='' ce_vol='' ce_ip='' ce_reload=''
  while [ $# -gt 0 ]; do
    case $1 in
      --*=*)
        ce_opt=${1%%=*}
        ce_val=${1#*=}
        shift
        set -- "$ce_opt" "$ce_val" "$@"
        continue
        ;;
    esac
    case $1 in
      --node) opt_value "$1" $#; ce_node=$2 ;;
      --volume-id) opt_value "$1" $#; ce_vol=$2 ;;
      --ip) opt_value "$1" $#; ce_ip=$2 ;;
      --reload) opt_value "$1" $#; ce_reload=$2 ;;
      *) bad "node-env does not take '$1'" ;;
    esac
    shift 2
  done
  if [ -n "$ce_node$ce_vol$ce_ip" ]; then
    { [ -n "$ce_node" ] && [ -n "$ce_vol" ] && [ -n "$ce_ip" ]; } ||
      bad "--node, --volume-id and --ip go together"
    check_node "$ce_node"
    check_volume_id "$ce_vol"
    check_ip "$ce_ip"
    mkdir -p "$ENV_DIR"
    printf 'NODE_NAME=node%s\nNODE_NUMBER=%s\nNODE_IP=%s\nVOLUME_ID=%s\n' \
      "$ce_node" "$ce_node" "$ce_ip" "$ce_vol" >"$ENV_DIR/self.env.new"
    mv -f "$ENV_DIR/self.env.new" "$ENV_DIR/self.env"
  fi
  [ -f "$ENV_DIR/self.env" ] || bad "$ENV_DIR/self.env is missing: run node-env with --node, --volume-id and --ip first"
  if [ ! -f "$ENV_DIR/cluster.env" ]; then
    log "$ENV_DIR/cluster.env not written yet; node.env follows once it is"
    return 0
  fi
  ce_new=$(cat "$ENV_DIR/self.env" "$ENV_DIR/cluster.env")
  ce_pending=$ENV_DIR/.reload-pending
  if [ ! -f "$ENV_DIR/node.env" ]; then
    printf '%s\n' "$ce_new" >"$ENV_DIR/node.env.new"
    mv -f "$ENV_DIR/node.env.new" "$ENV_DIR/node.env"
    rm -f "$ce_pending"
    log "wrote $ENV_DIR/node.env"
    return 0
  fi
  if [ "$(cat "$ENV_DIR/node.env")" != "$ce_new" ]; then
    [ -z "$ce_reload" ] || : >"$ce_pending"
    printf '%s\n' "$ce_new" >"$ENV_DIR/node.env.new"
    mv -f "$ENV_DIR/node.env.new" "$ENV_DIR/node.env"
    log "$ENV_DIR/node.env changed"
  elif [ ! -f "$ce_pending" ]; then
    log "$ENV_DIR/node.env unchanged"
    return 0
  fi
  if [ -z "$ce_reload" ]; then
    rm -f "$ce_pending"
    return 0
  fi
  [ -f "$ce_reload" ] || die 5 "reload command file '$ce_reload' does not exist; it runs again next time"
  if sh "$ce_reload" </dev/null >&2; then
    rm -f "$ce_pending"
    log "reload: $ce_reload succeeded"
  else
    die 5 "reload: $ce_reload failed (exit $?); it runs again at the next node-env"
  fi
}

[ $# -gt 0 ] || bad "no command given"
COMMAND=$1
shift
case $COMMAND in
  prepare) cmd_prepare "$@" ;;
  grow) cmd_grow "$@" ;;
  wait-healthy) cmd_wait_healthy "$@" ;;
  node-env) cmd_node_env "$@" ;;
  -h | --help | help) usage ;;
  *) bad "unknown command '$COMMAND': use prepare, grow, wait-healthy or node-env" ;;
esac
