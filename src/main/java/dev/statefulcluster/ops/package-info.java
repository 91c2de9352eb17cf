/**
 * Operating clusters: deploy, plan, status, destroy, roll, grow, snapshot. Everything here talks to
 * AWS only through {@link dev.statefulcluster.cloud.Cloud}, waits through its {@link
 * dev.statefulcluster.cloud.Ticker}, and reports through a {@link
 * dev.statefulcluster.ops.core.Progress}, so it runs unchanged against AWS and against the
 * in-memory model.
 *
 * <p>Its sub-packages, lowest first: {@code ops.core} (waiting, reporting, the retried cloud),
 * {@code ops.stack} (the change-set pipeline), {@code ops.cluster} (a deployed cluster, whatever
 * its layout), {@code ops.roll} (the roll engine). Each imports only those below it.
 *
 * <p>Allowed imports: the JDK, Jackson (to read templates back from a stack), {@code spec}, {@code
 * template}, {@code synth}, {@code cloud}, and its sub-packages. Not {@code cloud.aws}; the
 * in-memory model {@code cloud.sim} is test code.
 */
package dev.statefulcluster.ops;
