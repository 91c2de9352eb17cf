package dev.statefulcluster.cloud.sim;

/** The tags CloudFormation puts on the EC2 resources it creates. */
final class CfnTags {
  static final String STACK_NAME = "aws:cloudformation:stack-name";
  static final String STACK_ID = "aws:cloudformation:stack-id";
  static final String LOGICAL_ID = "aws:cloudformation:logical-id";

  private CfnTags() {}
}
