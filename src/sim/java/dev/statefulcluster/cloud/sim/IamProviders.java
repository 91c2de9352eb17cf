package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** AWS::IAM::Role and AWS::IAM::InstanceProfile; Ref is the name. */
final class IamProviders {
  private IamProviders() {}

  static final class Role extends BaseProvider {
    Role(SimContext ctx, Ec2Model ec2) {
      super(ctx, ec2, "AmazonIdentityManagement");
    }

    @Override
    public String type() {
      return "AWS::IAM::Role";
    }

    @Override
    public Set<String> attributes() {
      return Set.of("Arn", "RoleId");
    }

    @Override
    public void create(Request r, OpHandle h) {
      ObjectNode p = r.properties();
      attempt(
          h,
          () -> {
            String name =
                Props.text(p, "RoleName") != null
                    ? Props.text(p, "RoleName")
                    : generatedName(r, 64);
            String path = Props.text(p, "Path") == null ? "/" : Props.text(p, "Path");
            IamModel.checkTags(tags(r));
            IamModel.Role role = ec2.iam.createRole(name, path);
            h.initiated(name);
            after(
                SimLatencies.Step.ROLE,
                () ->
                    h.succeeded(
                        Map.of(
                            "Arn",
                            TextNode.valueOf(role.arn()),
                            "RoleId",
                            TextNode.valueOf(role.id()))));
          });
    }

    @Override
    public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
      IamModel.Role role = ec2.iam.roles.get(physicalId);
      if (attempt(h, () -> IamModel.checkTags(tags(r)))) {
        after(
            SimLatencies.Step.PROPERTY_UPDATE,
            () ->
                h.succeeded(
                    Map.of(
                        "Arn",
                        TextNode.valueOf(role.arn()),
                        "RoleId",
                        TextNode.valueOf(role.id()))));
      }
    }

    /**
     * What CloudFormation tags a role with: the stack's tags propagate to it, then its own Tags (a
     * key in both takes the role's value). docs/aws-facts.md, "Checked again: Tag keys".
     */
    private static Map<String, String> tags(Request r) {
      Map<String, String> out = new LinkedHashMap<>(r.stackTags());
      out.putAll(Props.tags(r.properties()));
      return out;
    }

    @Override
    public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
      after(
          SimLatencies.Step.DELETE,
          () -> {
            if (attempt(h, () -> ec2.iam.deleteRole(physicalId))) {
              h.succeeded(Map.of());
            }
          });
    }
  }

  static final class InstanceProfile extends BaseProvider {
    InstanceProfile(SimContext ctx, Ec2Model ec2) {
      super(ctx, ec2, "AmazonIdentityManagement");
    }

    @Override
    public String type() {
      return "AWS::IAM::InstanceProfile";
    }

    @Override
    public Set<String> attributes() {
      return Set.of("Arn");
    }

    @Override
    public void create(Request r, OpHandle h) {
      ObjectNode p = r.properties();
      attempt(
          h,
          () -> {
            String name =
                Props.text(p, "InstanceProfileName") != null
                    ? Props.text(p, "InstanceProfileName")
                    : generatedName(r, 128);
            String path = Props.text(p, "Path") == null ? "/" : Props.text(p, "Path");
            IamModel.Profile profile = ec2.iam.createProfile(name, path, Props.strings(p, "Roles"));
            h.initiated(name);
            after(
                SimLatencies.Step.INSTANCE_PROFILE,
                () -> h.succeeded(Map.of("Arn", TextNode.valueOf(profile.arn()))));
          });
    }

    @Override
    public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
      attempt(
          h,
          () -> {
            IamModel.Profile old = ec2.iam.profiles.get(physicalId);
            List<String> roles = Props.strings(r.properties(), "Roles");
            for (String role : roles) {
              if (!ec2.iam.roles.containsKey(role)) {
                throw ApiErrors.service(
                    "NoSuchEntity", "The role with name " + role + " cannot be found.");
              }
            }
            IamModel.Profile updated = new IamModel.Profile(old.name(), old.arn(), roles);
            ec2.iam.profiles.put(physicalId, updated);
            after(
                SimLatencies.Step.PROPERTY_UPDATE,
                () -> h.succeeded(Map.of("Arn", TextNode.valueOf(updated.arn()))));
          });
    }

    @Override
    public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
      after(
          SimLatencies.Step.DELETE,
          () -> {
            ec2.iam.deleteProfile(physicalId);
            h.succeeded(Map.of());
          });
    }
  }
}
