#!/bin/sh
# A cluster over nested stacks in the in-memory model (virtual time, AWS's typical latencies):
# API calls, makespan and real time of deploy (create), status, a zone-by-zone roll (--batch zone),
# the same gated on a health check (--check), deploy's zone roll of an instance type change,
# grow, snapshot, destroy and restore (deploy --from-snapshots of destroy's set), for N nodes over 3
# zones (default 100 and 1000; give others as arguments).
set -eu
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
  dev.statefulcluster.ops.NestedBenchmark "$@"
