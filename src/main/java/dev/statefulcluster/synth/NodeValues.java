package dev.statefulcluster.synth;

/**
 * A node's own settings in a cluster over several stacks: the AMI its instance runs and the
 * snapshot its volume came from ("" for a blank volume). The parent template writes them literally
 * into the parameters of the node's nodes stack; deploy keeps a running node's, roll changes the
 * image.
 */
public record NodeValues(String image, String snapshot) {}
