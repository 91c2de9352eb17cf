package dev.statefulcluster.cloud.sim;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** IAM roles and instance profiles, just enough for instances to name a profile that exists. */
final class IamModel {
  record Role(String name, String arn, String id) {}

  record Profile(String name, String arn, List<String> roles) {}

  private final SimContext ctx;
  final Map<String, Role> roles = new LinkedHashMap<>();
  final Map<String, Profile> profiles = new LinkedHashMap<>();

  IamModel(SimContext ctx) {
    this.ctx = ctx;
  }

  Role createRole(String name, String path) {
    if (roles.containsKey(name)) {
      throw ApiErrors.service("EntityAlreadyExists", "Role with name " + name + " already exists.");
    }
    Role r =
        new Role(
            name,
            "arn:aws:iam::" + ctx.accountId() + ":role" + path + name,
            "AROA" + ctx.ids().suffix(17));
    roles.put(name, r);
    return r;
  }

  /**
   * IAM tag keys are case-insensitive: one request naming a key twice in two cases ({@code Team},
   * {@code team}) fails, where EC2 would keep both (docs/aws-facts.md, "Checked again: Tag keys";
   * the wording is IAM's, as reported in aws-cdk#26253 and others).
   */
  static void checkTags(Map<String, String> tags) {
    Set<String> seen = new HashSet<>();
    for (String key : tags.keySet()) {
      if (!seen.add(key.toLowerCase(Locale.ROOT))) {
        throw ApiErrors.service(
            "InvalidInput",
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
    }
  }

  void deleteRole(String name) {
    for (Profile p : profiles.values()) {
      if (p.roles().contains(name)) {
        throw ApiErrors.service(
            "DeleteConflict",
            "Cannot delete entity, must remove roles from instance profile first.");
      }
    }
    roles.remove(name);
  }

  Profile createProfile(String name, String path, List<String> roleNames) {
    if (profiles.containsKey(name)) {
      throw ApiErrors.service(
          "EntityAlreadyExists", "Instance Profile " + name + " already exists.");
    }
    if (roleNames.size() > 1) {
      throw ApiErrors.service(
          "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
    }
    for (String r : roleNames) {
      if (!roles.containsKey(r)) {
        throw ApiErrors.service("NoSuchEntity", "The role with name " + r + " cannot be found.");
      }
    }
    Profile p =
        new Profile(
            name,
            "arn:aws:iam::" + ctx.accountId() + ":instance-profile" + path + name,
            List.copyOf(roleNames));
    profiles.put(name, p);
    return p;
  }

  void deleteProfile(String name) {
    profiles.remove(name);
  }

  /** Instances name a profile by name or by ARN. */
  boolean profileExists(String nameOrArn) {
    return profiles.containsKey(nameOrArn)
        || profiles.values().stream().anyMatch(p -> p.arn().equals(nameOrArn));
  }
}
