package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * AWS::EC2::SecurityGroup: Ref and GroupId are the group id; inline ingress rules are kept in sync.
 */
final class SecurityGroupProvider extends BaseProvider {

  SecurityGroupProvider(SimContext ctx, Ec2Model ec2) {
    super(ctx, ec2, "AmazonEC2");
  }

  @Override
  public String type() {
    return "AWS::EC2::SecurityGroup";
  }

  @Override
  public Set<String> attributes() {
    return Set.of("GroupId", "VpcId", "Id");
  }

  @Override
  public void create(Request r, OpHandle h) {
    ObjectNode p = r.properties();
    String id = ctx.ids().next("sg");
    attempt(
        h,
        () -> {
          String name =
              Props.text(p, "GroupName") != null
                  ? Props.text(p, "GroupName")
                  : generatedName(r, 255);
          SimGroup g =
              ec2.network.createGroup(
                  id, Props.text(p, "VpcId"), name, Props.text(p, "GroupDescription"));
          g.tags.putAll(ec2Tags(r));
          authorizeAll(g, p);
          h.initiated(id);
          after(SimLatencies.Step.SECURITY_GROUP, () -> h.succeeded(attributes(g)));
        });
  }

  @Override
  public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
    attempt(
        h,
        () -> {
          SimGroup g = ec2.network.group(physicalId);
          BaseProvider.retag(g.tags, r);
          if (!Objects.equals(
              previous.get("SecurityGroupIngress"), r.properties().get("SecurityGroupIngress"))) {
            for (JsonNode rule : Props.objects(previous, "SecurityGroupIngress")) {
              g.ingress.removeIf(existing -> existing.sameAs(rule(rule)));
            }
            authorizeAll(g, r.properties());
          }
          after(SimLatencies.Step.PROPERTY_UPDATE, () -> h.succeeded(attributes(g)));
        });
  }

  @Override
  public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
    after(
        SimLatencies.Step.DELETE,
        () -> {
          if (attempt(h, () -> ec2.network.deleteGroup(physicalId))) {
            h.succeeded(Map.of());
          }
        });
  }

  private void authorizeAll(SimGroup g, ObjectNode p) {
    for (JsonNode rule : Props.objects(p, "SecurityGroupIngress")) {
      SimGroup.Rule spec = rule(rule);
      ec2.network.authorize(
          g.id, spec.protocol(), spec.fromPort(), spec.toPort(), spec.source(), spec.description());
    }
  }

  static SimGroup.Rule rule(JsonNode rule) {
    String source = Props.text(rule, "CidrIp");
    for (String key : new String[] {"CidrIpv6", "SourceSecurityGroupId", "SourcePrefixListId"}) {
      if (source == null) {
        source = Props.text(rule, key);
      }
    }
    return new SimGroup.Rule(
        null,
        Props.text(rule, "IpProtocol"),
        Props.integer(rule, "FromPort"),
        Props.integer(rule, "ToPort"),
        source,
        Props.text(rule, "Description"));
  }

  static Map<String, JsonNode> attributes(SimGroup g) {
    return Map.of(
        "GroupId",
        TextNode.valueOf(g.id),
        "Id",
        TextNode.valueOf(g.id),
        "VpcId",
        TextNode.valueOf(g.vpcId));
  }
}
