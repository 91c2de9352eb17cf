/**
 * A deployed cluster as its stacks say it is, whatever their layout (one stack, or a parent and a
 * network and a nodes stack per group): each node's interface, volume, instance, zone, subnet, AMI
 * and launch settings, its address, what is away, how one step that moves instances is written for
 * the layout and judged, and the events that tell each node's downtime. The only code of the
 * operations that knows the layout.
 *
 * <p>Allowed imports: the JDK, Jackson, {@code spec}, {@code template}, {@code synth}, {@code
 * cloud}, {@code ops.core}, {@code ops.stack}.
 */
package dev.statefulcluster.ops.cluster;
