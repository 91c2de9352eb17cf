/**
 * What every operation shares and nothing else: how it waits ({@link
 * dev.statefulcluster.ops.core.Polling}, {@link dev.statefulcluster.ops.core.Deadline}), how it
 * reports ({@link dev.statefulcluster.ops.core.Progress}, {@link
 * dev.statefulcluster.ops.core.OpsException}), and the cloud it talks to, retried when throttled
 * ({@link dev.statefulcluster.ops.core.ResilientCloud}).
 *
 * <p>Allowed imports: the JDK and {@code cloud}.
 */
package dev.statefulcluster.ops.core;
