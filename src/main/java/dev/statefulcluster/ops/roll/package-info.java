/**
 * The one engine that re-creates instances, for roll, replace and deploy's instance changes: a plan
 * of steps that each take a node, a batch or a zone away and bring the previous one up, gated on
 * signals and an optional health check, with the preflight, the check that a node's previous
 * instance let go of its interface and volume, the recovery of a step that failed, and each node's
 * downtime; over a {@link dev.statefulcluster.ops.cluster} model, the same on every layout.
 *
 * <p>Allowed imports: the JDK, Jackson, {@code spec}, {@code template}, {@code synth}, {@code
 * cloud}, {@code ops.core}, {@code ops.stack}, {@code ops.cluster}.
 */
package dev.statefulcluster.ops.roll;
