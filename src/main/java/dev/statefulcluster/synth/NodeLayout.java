package dev.statefulcluster.synth;

/**
 * One node's place in the cluster's stack: the stack that holds it, its resources' logical ids, its
 * parameters and outputs. {@code eniOutput} is the output holding its ENI id.
 */
public record NodeLayout(
    int number,
    String name,
    String stack,
    String eni,
    String volume,
    String instance,
    String imageParameter,
    String snapshotParameter,
    String privateIpOutput,
    String eniOutput) {}
