/**
 * An in-memory model of the CloudFormation, EC2 and S3 behaviour the operations depend on, behind
 * the {@link dev.statefulcluster.cloud.Cloud} port, on a virtual clock. Entry point: {@link
 * dev.statefulcluster.cloud.sim.SimCloud}; fixtures on {@link
 * dev.statefulcluster.cloud.sim.SimEc2}; what it models and what it leaves out: {@code
 * docs/sim.md}.
 *
 * <p>Allowed imports: the JDK, Jackson (templates and policies are JSON) and {@code
 * dev.statefulcluster.cloud}; nothing from spec, template, synth or ops (checked by {@code
 * SimImportsTest}).
 */
package dev.statefulcluster.cloud.sim;
