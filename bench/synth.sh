#!/bin/sh
# synth as a whole process, cold JVM each time, through the ./stateful-cluster launcher (as users
# run it): 3 nodes (examples/kafka.yaml), 60 and 1,000 nodes, beside an empty JVM, and the command
# line's start (--version, validate of 3 nodes). Median of RUNS runs (default 20). Also the
# template's bytes per node (3, 30 and 60 nodes).
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

# Whole-process time, cold JVM each run, through the launcher as users run it, beside an empty JVM
# (java -version: start-up and exit, nothing loaded) timed in the same loop as the noise gauge.
# 3 and 60 nodes write one template; 1,000 nodes (a counted file over three subnets) are laid out
# over nested stacks, so synth writes a directory (-o DIR). Median, min and max of RUNS runs.
sed "s/^  count: 5$/  count: 1000/" examples/etcd.yaml >"$work/nodes-1000.yaml"
ms() {
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
# Also the command line's start alone (--version) and validate, which synthesizes as synth does.
for label in jvm version validate 3 60 1000; do : >"$work/t-$label"; done
echo "load average before: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)"
i=0
while [ "$i" -lt "$runs" ]; do
  # Interleaved, so that a burst of load on the machine hits every case alike.
  ms java -version >>"$work/t-jvm"
  ms ./stateful-cluster --version >>"$work/t-version"
  ms ./stateful-cluster validate "$work/nodes-3.yaml" >>"$work/t-validate"
  ms ./stateful-cluster synth "$work/nodes-3.yaml" -o "$work/out-3.json" >>"$work/t-3"
  ms ./stateful-cluster synth "$work/nodes-60.yaml" -o "$work/out-60.json" >>"$work/t-60"
  rm -rf "$work/out-1000"
  ms ./stateful-cluster synth "$work/nodes-1000.yaml" -o "$work/out-1000" >>"$work/t-1000"
  i=$((i + 1))
done
[ -n "$(find "$work/out-1000" -name '*.json' -print | head -n 1)" ] || {
  echo "synth of 1,000 nodes wrote nothing" >&2
  exit 1
}
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "whole process, median of $runs (min, max; x the empty JVM's median), cold JVM each run:"
jvm=$(sort -n "$work/t-jvm" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
for label in jvm version validate 3 60 1000; do
  sort -n "$work/t-$label" | awk -v l="$label" -v j="$jvm" '{a[NR] = $1} END {
    name = l == "jvm" ? "empty JVM (java -version)" : l == "version" ? "--version" : l == "validate" ? "validate, 3 nodes" : "synth, " l " nodes"
    m = a[int((NR + 1) / 2)]
    printf "  %-26s %5d ms (%d, %d) %5.2fx\n", name, m, a[1], a[NR], m / j
  }'
done

# Synthesis alone, in process and warm (no JVM start): 100 and 1,000 nodes.
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
java -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
  dev.statefulcluster.synth.SynthesisBenchmark
