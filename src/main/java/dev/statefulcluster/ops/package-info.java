/**
 * Operating clusters: deploy, plan, status, destroy, roll, grow, snapshot. Everything here talks to
 * AWS only through {@link dev.statefulcluster.cloud.Cloud}, waits through its {@link
 * dev.statefulcluster.cloud.Ticker}, and reports through a {@link
 * dev.statefulcluster.ops.Progress}, so it runs unchanged against AWS and against the in-memory
 * model.
 *
 * <p>Allowed imports: the JDK, Jackson (to read templates back from a stack), {@code spec}, {@code
 * template}, {@code synth}, {@code cloud}. Not {@code cloud.aws}; the in-memory model {@code
 * cloud.sim} is test code.
 */
package dev.statefulcluster.ops;
