package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;

/** AWS::EC2::SecurityGroupIngress: one rule on a group; Ref is the rule id (sgr-…). */
final class IngressProvider extends BaseProvider {

  IngressProvider(SimContext ctx, Ec2Model ec2) {
    super(ctx, ec2, "AmazonEC2");
  }

  @Override
  public String type() {
    return "AWS::EC2::SecurityGroupIngress";
  }

  @Override
  public Set<String> attributes() {
    return Set.of("Id");
  }

  @Override
  public void create(Request r, OpHandle h) {
    ObjectNode p = r.properties();
    attempt(
        h,
        () -> {
          String groupId = Props.text(p, "GroupId");
          if (groupId == null) {
            throw ApiErrors.service(
                "MissingParameter", "GroupId is required for a security group in a VPC");
          }
          SimGroup.Rule spec = SecurityGroupProvider.rule(p);
          SimGroup.Rule rule =
              ec2.network.authorize(
                  groupId,
                  spec.protocol(),
                  spec.fromPort(),
                  spec.toPort(),
                  spec.source(),
                  spec.description());
          h.initiated(rule.id());
          after(
              SimLatencies.Step.SECURITY_GROUP_RULE,
              () -> h.succeeded(Map.of("Id", TextNode.valueOf(rule.id()))));
        });
  }

  @Override
  public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
    after(
        SimLatencies.Step.PROPERTY_UPDATE,
        () -> h.succeeded(Map.of("Id", TextNode.valueOf(physicalId))));
  }

  @Override
  public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
    after(
        SimLatencies.Step.DELETE,
        () -> {
          ec2.network.revoke(Props.text(r.properties(), "GroupId"), physicalId);
          h.succeeded(Map.of());
        });
  }
}
