package dev.statefulcluster.synth;

/**
 * A node's network interface as its network stack created it: its id and private address. The
 * parent of a cluster over several stacks writes them literally into the node's nodes stack's
 * parameters (with each group's address list), so that a nested change set has nothing unknown to
 * report: a value read with Fn::GetAtt from a sibling stack's outputs is unknown when
 * CloudFormation plans it, and its change set then reports the instances using it as replaced
 * (docs/aws-facts.md).
 */
public record NodeNetwork(String eni, String privateIp) {}
