package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the providers share: the model, and CloudFormation's naming and tagging habits. */
abstract class BaseProvider implements ResourceProvider {
  final SimContext ctx;
  final Ec2Model ec2;
  private final String service;

  BaseProvider(SimContext ctx, Ec2Model ec2, String service) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.service = service;
  }

  /**
   * Runs {@code body}; a service error becomes the handle's failure, worded as CloudFormation does.
   */
  final boolean attempt(OpHandle h, Runnable body) {
    try {
      body.run();
      return true;
    } catch (CloudException e) {
      h.failed(ApiErrors.asReason(e, service));
      return false;
    }
  }

  final void after(SimLatencies.Step step, Runnable action) {
    ctx.after(step, action);
  }

  /**
   * A name CloudFormation generates: {@code stack-LogicalId-RANDOM}, at most {@code max}
   * characters.
   */
  final String generatedName(Request r, int max) {
    String suffix = ctx.ids().suffix(12);
    String head = r.stack().stackName() + "-" + r.logicalId();
    int room = max - suffix.length() - 1;
    return (head.length() > room ? head.substring(0, room) : head) + "-" + suffix;
  }

  /**
   * The tags of an EC2 resource: its own, the stack's, and CloudFormation's aws:cloudformation:*.
   */
  static Map<String, String> ec2Tags(Request r) {
    Map<String, String> tags = new LinkedHashMap<>(r.stackTags());
    tags.putAll(Props.tags(r.properties()));
    tags.put(CfnTags.STACK_NAME, r.stack().stackName());
    tags.put(CfnTags.STACK_ID, r.stack().stackId());
    tags.put(CfnTags.LOGICAL_ID, r.logicalId());
    return tags;
  }

  /** Replaces a resource's user tags, keeping CloudFormation's own. */
  static void retag(Map<String, String> current, Request r) {
    current.entrySet().removeIf(e -> !e.getKey().startsWith("aws:"));
    current.putAll(ec2Tags(r));
  }
}
