#!/bin/sh
# Rolling-update benchmark in the in-memory model (virtual time, AWS's typical latencies):
# makespan, downtime per node, stack updates against the lower bound N+1, API calls per node,
# for N = 3, 9, 30 node by node, and 9 and 30 nodes over 3 zones with --batch zone.
set -eu
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
  dev.statefulcluster.ops.RollBenchmark
