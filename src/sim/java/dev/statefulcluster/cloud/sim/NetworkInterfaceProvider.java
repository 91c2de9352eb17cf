package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;

/**
 * AWS::EC2::NetworkInterface: Ref is the interface id; PrimaryPrivateIpAddress the address it keeps
 * for its whole life, whatever instances come and go.
 */
final class NetworkInterfaceProvider extends BaseProvider {

  NetworkInterfaceProvider(SimContext ctx, Ec2Model ec2) {
    super(ctx, ec2, "AmazonEC2");
  }

  @Override
  public String type() {
    return "AWS::EC2::NetworkInterface";
  }

  @Override
  public Set<String> attributes() {
    return Set.of("PrimaryPrivateIpAddress", "SecondaryPrivateIpAddresses", "Id", "VpcId");
  }

  @Override
  public boolean replacesOnConditional(String property) {
    // A new primary address in PrivateIpAddresses needs a new interface; the rest update in place.
    return property.equals("PrivateIpAddresses");
  }

  @Override
  public void create(Request r, OpHandle h) {
    ObjectNode p = r.properties();
    attempt(
        h,
        () -> {
          SimEni eni =
              ec2.network.createEni(
                  Props.text(p, "SubnetId"),
                  Props.strings(p, "GroupSet"),
                  Props.text(p, "PrivateIpAddress"),
                  Props.text(p, "Description"));
          eni.sourceDestCheck = Props.bool(p, "SourceDestCheck", true);
          eni.tags.putAll(ec2Tags(r));
          h.initiated(eni.id);
          after(SimLatencies.Step.NETWORK_INTERFACE, () -> h.succeeded(attributes(eni)));
        });
  }

  @Override
  public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
    ObjectNode p = r.properties();
    attempt(
        h,
        () -> {
          SimEni eni = ec2.network.eni(physicalId);
          for (String g : Props.strings(p, "GroupSet")) {
            ec2.network.group(g);
          }
          eni.groupIds.clear();
          eni.groupIds.addAll(Props.strings(p, "GroupSet"));
          eni.description = Props.text(p, "Description");
          eni.sourceDestCheck = Props.bool(p, "SourceDestCheck", true);
          BaseProvider.retag(eni.tags, r);
          after(SimLatencies.Step.PROPERTY_UPDATE, () -> h.succeeded(attributes(eni)));
        });
  }

  @Override
  public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
    after(
        SimLatencies.Step.DELETE,
        () -> {
          if (attempt(h, () -> ec2.network.deleteEni(physicalId))) {
            h.succeeded(Map.of());
          }
        });
  }

  static Map<String, JsonNode> attributes(SimEni eni) {
    return Map.of(
        "PrimaryPrivateIpAddress", TextNode.valueOf(eni.privateIp),
        "SecondaryPrivateIpAddresses", JsonNodeFactory.instance.arrayNode(),
        "Id", TextNode.valueOf(eni.id),
        "VpcId", TextNode.valueOf(eni.vpcId));
  }
}
