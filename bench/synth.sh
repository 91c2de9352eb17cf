#!/bin/sh
# synth as a whole process, cold JVM each time, through the ./stateful-cluster launcher (as users
# run it): 3 nodes (examples/kafka.yaml), 30 and 60 nodes. Median of RUNS runs (default 20),
# with hyperfine when installed.
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for n in 30 60; do
  sed "s/^  count: 5$/  count: $n/" examples/etcd.yaml >"$work/nodes-$n.yaml"
done
cp examples/kafka.yaml "$work/nodes-3.yaml"

./stateful-cluster synth "$work/nodes-3.yaml" >/dev/null # build, and write the CDS archive
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -n 1)"

# Bytes per node, compact JSON as deploy sends it: the growth per node from 3 to 30 nodes and from
# 30 to 60 must match within 5% (a flat per-node cost; no part that grows with the cluster).
b3=$(java -jar target/stateful-cluster.jar validate "$work/nodes-3.yaml" | awk '/bytes of template body/ {gsub(",", "", $1); print $1}')
b30=$(java -jar target/stateful-cluster.jar validate "$work/nodes-30.yaml" | awk '/bytes of template body/ {gsub(",", "", $1); print $1}')
b60=$(java -jar target/stateful-cluster.jar validate "$work/nodes-60.yaml" | awk '/bytes of template body/ {gsub(",", "", $1); print $1}')
awk -v a="$b3" -v b="$b30" -v c="$b60" 'BEGIN {
  g1 = (b - a) / 27; g2 = (c - b) / 30
  printf "template bytes (compact): 3 nodes %d, 30 nodes %d, 60 nodes %d\n", a, b, c
  printf "bytes per added node: 3->30 %.0f, 30->60 %.0f (%+.1f%%; goal within 5%%, at most 2,500)\n", g1, g2, (g2 - g1) * 100 / g1
}'

if command -v hyperfine >/dev/null 2>&1; then
  for n in 3 30 60; do
    hyperfine --style none --warmup 3 --runs "$runs" -N --export-json "$work/h.json" \
      "./stateful-cluster synth $work/nodes-$n.yaml -o $work/out-$n.json" >/dev/null 2>&1
    tr ',' '\n' <"$work/h.json" | awk -F: -v n="$n" '
      /"median"/ {m = $2} /"min"/ {lo = $2} /"max"/ {hi = $2}
      END {printf "%2d nodes: median %.0f ms (min %.0f, max %.0f)\n", n, m * 1000, lo * 1000, hi * 1000}'
    printf '          template %s bytes (indented JSON; CloudFormation gets it compact)\n' "$(wc -c <"$work/out-$n.json")"
  done
else
  for n in 3 30 60; do
    i=0
    : >"$work/times"
    while [ "$i" -lt "$runs" ]; do
      start=$(date +%s%N)
      ./stateful-cluster synth "$work/nodes-$n.yaml" -o "$work/out-$n.json"
      end=$(date +%s%N)
      echo $(((end - start) / 1000000)) >>"$work/times"
      i=$((i + 1))
    done
    echo "$n nodes: median $(sort -n "$work/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms"
  done
fi
