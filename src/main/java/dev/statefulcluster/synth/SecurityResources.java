package dev.statefulcluster.synth;

import dev.statefulcluster.spec.AccessSpec;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.PortRange;
import dev.statefulcluster.template.Fn;
import dev.statefulcluster.template.Output;
import dev.statefulcluster.template.Resource;
import dev.statefulcluster.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster's security groups. Rules are separate ingress resources so that the cluster group can
 * admit itself without a circular reference; nothing is open to a CIDR the spec does not list.
 */
final class SecurityResources {
  private SecurityResources() {}

  static void add(Template.Builder t, ClusterSpec spec) {
    AccessSpec access = spec.access();
    t.resource(
        Names.CLUSTER_GROUP,
        Resource.of(
            "AWS::EC2::SecurityGroup",
            group(spec, "Nodes of the " + spec.name() + " cluster (stateful-cluster)", "cluster")));
    Object clientGroup;
    if (access.clientSecurityGroup() != null) {
      clientGroup = access.clientSecurityGroup();
    } else {
      t.resource(
          Names.CLIENT_GROUP,
          Resource.of(
              "AWS::EC2::SecurityGroup",
              group(
                  spec,
                  "Clients of the "
                      + spec.name()
                      + " cluster: members may connect on its client ports",
                  "clients")));
      clientGroup = Fn.getAtt(Names.CLIENT_GROUP, "GroupId");
    }
    Object clusterGroup = Fn.getAtt(Names.CLUSTER_GROUP, "GroupId");
    for (PortRange port : access.memberPorts()) {
      t.resource(
          "MemberIngress" + port.idSuffix(),
          ingress(clusterGroup, port, "SourceSecurityGroupId", clusterGroup, "cluster members"));
    }
    for (PortRange port : access.clientPorts()) {
      t.resource(
          "ClientIngress" + port.idSuffix(),
          ingress(clusterGroup, port, "SourceSecurityGroupId", clientGroup, "clients"));
      for (int i = 0; i < access.clientCidrs().size(); i++) {
        String cidr = access.clientCidrs().get(i);
        t.resource(
            "CidrIngress" + port.idSuffix() + "From" + (i + 1),
            ingress(clusterGroup, port, "CidrIp", cidr, "clients in " + cidr));
      }
    }
    t.output(
        Names.CLUSTER_GROUP,
        Output.of("The security group of the nodes' interfaces", clusterGroup));
    t.output(
        Names.CLIENT_GROUP,
        Output.of("Attach to clients so they may reach the client ports", clientGroup));
  }

  private static Map<String, Object> group(ClusterSpec spec, String description, String role) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("GroupDescription", description);
    p.put("VpcId", spec.vpc());
    p.put("Tags", Tags.cluster(spec, role));
    return p;
  }

  private static Resource ingress(
      Object group, PortRange port, String sourceKey, Object source, String who) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("GroupId", group);
    p.put("IpProtocol", "tcp");
    p.put("FromPort", port.from());
    p.put("ToPort", port.to());
    p.put(sourceKey, source);
    p.put("Description", "tcp " + port + " from " + who);
    return Resource.of("AWS::EC2::SecurityGroupIngress", p);
  }
}
