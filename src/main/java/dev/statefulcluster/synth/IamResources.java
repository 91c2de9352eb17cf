package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.template.Fn;
import dev.statefulcluster.template.Resource;
import dev.statefulcluster.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes' role: only what cfn-init, cfn-hup and cfn-signal need, on this stack alone
 * (DescribeStackResource to read metadata, SignalResource to report health), plus any managed
 * policies the spec lists. No role name is set, so deploying needs CAPABILITY_IAM only.
 */
final class IamResources {
  private IamResources() {}

  static void add(Template.Builder t, ClusterSpec spec) {
    add(t, spec, false);
  }

  /**
   * {@code nested}: the nodes live in child stacks named {@code <stack>-Nodes<g>-<random>} (as
   * CloudFormation names nested stacks), so the helper scripts may read and signal those stacks
   * rather than this one; still none outside the cluster.
   */
  static void add(Template.Builder t, ClusterSpec spec, boolean nested) {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("Description", "Nodes of " + spec.name() + ": CloudFormation helper scripts");
    role.put(
        "AssumeRolePolicyDocument",
        document(
            statement(
                Map.of("Service", Fn.sub("ec2.${AWS::URLSuffix}")),
                List.of("sts:AssumeRole"),
                null)));
    if (!spec.managedPolicies().isEmpty()) {
      role.put("ManagedPolicyArns", spec.managedPolicies());
    }
    Map<String, Object> helpers = new LinkedHashMap<>();
    helpers.put("PolicyName", "cfn-helper-scripts");
    helpers.put(
        "PolicyDocument",
        document(
            statement(
                null,
                List.of("cloudformation:DescribeStackResource", "cloudformation:SignalResource"),
                nested
                    ? Fn.sub(
                        "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}"
                            + ":stack/${AWS::StackName}-"
                            + Names.NODES_STACK
                            + "*/*")
                    : Fn.ref(Fn.STACK_ID))));
    role.put("Policies", List.of(helpers));
    role.put("Tags", Tags.cluster(spec, "node-role"));
    t.resource(Names.ROLE, Resource.of("AWS::IAM::Role", role));
    t.resource(
        Names.INSTANCE_PROFILE,
        Resource.of("AWS::IAM::InstanceProfile", Map.of("Roles", List.of(Fn.ref(Names.ROLE)))));
  }

  private static Map<String, Object> document(Map<String, Object> statement) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("Version", "2012-10-17");
    doc.put("Statement", List.of(statement));
    return doc;
  }

  private static Map<String, Object> statement(
      Object principal, List<String> actions, Object resource) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Effect", "Allow");
    if (principal != null) {
      s.put("Principal", principal);
    }
    s.put("Action", actions);
    if (resource != null) {
      s.put("Resource", resource);
    }
    return s;
  }
}
