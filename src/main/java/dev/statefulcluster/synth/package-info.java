/**
 * The pattern: a {@link dev.statefulcluster.spec.ClusterSpec} becomes a CloudFormation {@link
 * dev.statefulcluster.template.Template} in which each node's network interface and data volume
 * outlive its instance, the instance exists under a condition so operations can take it away and
 * bring it back, and the node prepares its volume itself at boot (the node script, a resource
 * beside {@link dev.statefulcluster.synth.NodeScript}). Also the stack policy, and the checks a
 * template must pass before anything is sent to AWS.
 *
 * <p>Allowed imports: the JDK, {@code spec}, {@code template}.
 */
package dev.statefulcluster.synth;
