package dev.statefulcluster.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-resource checks CloudFormation would make only at deploy time, or not at all: every Ref,
 * GetAtt, ${} and FindInMap resolves; every condition used exists; nothing refers to a conditional
 * resource except under the same condition (or inside an Fn::If on it); every instance's volumes
 * are in the availability zone of the subnet its network interface is in. Works on rendered
 * template data, so it checks templates read back from a stack too.
 */
public final class TemplateChecks {
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^!}][^}]*)}");

  private final Map<String, Object> template;
  private final Set<String> parameters;
  private final Map<String, Object> resources;
  private final Map<String, Object> conditions;
  private final Map<String, Object> mappings;
  private final List<String> problems = new ArrayList<>();

  private TemplateChecks(Map<String, Object> template) {
    this.template = template;
    this.parameters = section("Parameters").keySet();
    this.resources = section("Resources");
    this.conditions = section("Conditions");
    this.mappings = section("Mappings");
  }

  /** Every problem found, each naming the resource or output and the reference; empty if none. */
  public static List<String> check(Map<String, Object> template) {
    TemplateChecks c = new TemplateChecks(template);
    c.run();
    return c.problems;
  }

  public static List<String> check(Template template) {
    return check(template.render());
  }

  private void run() {
    for (Map.Entry<String, Object> e : resources.entrySet()) {
      Map<String, Object> r = map(e.getValue());
      String where = "Resources." + e.getKey();
      String condition = (String) r.get("Condition");
      Set<String> active = new HashSet<>();
      if (condition != null) {
        requireCondition(condition, where);
        active.add(condition);
      }
      Object dependsOn = r.get("DependsOn");
      if (dependsOn != null) {
        for (Object d : dependsOn instanceof List<?> l ? l : List.of(dependsOn)) {
          requireResource((String) d, active, where + ".DependsOn");
        }
      }
      walk(r.get("Properties"), active, where + ".Properties");
      walk(r.get("Metadata"), active, where + ".Metadata");
    }
    for (Map.Entry<String, Object> e : section("Outputs").entrySet()) {
      Map<String, Object> o = map(e.getValue());
      Set<String> active = new HashSet<>();
      String condition = (String) o.get("Condition");
      if (condition != null) {
        requireCondition(condition, "Outputs." + e.getKey());
        active.add(condition);
      }
      walk(o.get("Value"), active, "Outputs." + e.getKey());
    }
    for (Map.Entry<String, Object> e : conditions.entrySet()) {
      walk(e.getValue(), Set.of(), "Conditions." + e.getKey());
    }
    checkZones();
  }

  private void walk(Object node, Set<String> active, String where) {
    if (node instanceof List<?> list) {
      for (Object item : list) {
        walk(item, active, where);
      }
      return;
    }
    if (!(node instanceof Map<?, ?> m)) {
      return;
    }
    if (m.size() == 1) {
      String key = (String) m.keySet().iterator().next();
      Object arg = m.values().iterator().next();
      switch (key) {
        case "Ref" -> {
          requireName((String) arg, active, where);
          return;
        }
        case "Fn::GetAtt" -> {
          String target =
              arg instanceof List<?> l ? (String) l.get(0) : ((String) arg).split("\\.")[0];
          requireResource(target, active, where);
          return;
        }
        case "Fn::Sub" -> {
          checkSub(arg, active, where);
          return;
        }
        case "Fn::FindInMap" -> {
          checkFindInMap((List<?>) arg, where);
          return;
        }
        case "Fn::If" -> {
          List<?> l = (List<?>) arg;
          String c = (String) l.get(0);
          requireCondition(c, where);
          Set<String> whenTrue = new HashSet<>(active);
          whenTrue.add(c);
          walk(l.get(1), whenTrue, where);
          walk(l.get(2), active, where);
          return;
        }
        case "Condition" -> {
          if (arg instanceof String c) {
            requireCondition(c, where);
            return;
          }
        }
        default -> {}
      }
    }
    for (Object value : m.values()) {
      walk(value, active, where);
    }
  }

  private void checkSub(Object arg, Set<String> active, String where) {
    String text;
    Set<String> local = new HashSet<>();
    if (arg instanceof List<?> l) {
      text = (String) l.get(0);
      Map<String, Object> vars = map(l.get(1));
      local.addAll(vars.keySet());
      walk(vars, active, where);
    } else {
      text = (String) arg;
    }
    Matcher m = SUB_VAR.matcher(text);
    while (m.find()) {
      String name = m.group(1).trim();
      if (local.contains(name)) {
        continue;
      }
      int dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith("AWS::")) {
        requireResource(name.substring(0, dot), active, where);
      } else {
        requireName(name, active, where);
      }
    }
  }

  private void checkFindInMap(List<?> arg, String where) {
    if (arg.size() != 3 || !(arg.get(0) instanceof String map)) {
      return;
    }
    Object top = mappings.get(map);
    if (top == null) {
      problems.add(where + ": Fn::FindInMap names mapping " + map + ", which is not defined");
    } else if (arg.get(1) instanceof String key
        && arg.get(2) instanceof String attr
        && !(map(top).get(key) instanceof Map<?, ?> second && second.containsKey(attr))) {
      problems.add(where + ": Fn::FindInMap " + map + "." + key + "." + attr + " is not defined");
    }
  }

  private void requireName(String name, Set<String> active, String where) {
    if (parameters.contains(name) || Fn.PSEUDO_PARAMETERS.contains(name)) {
      return;
    }
    requireResource(name, active, where);
  }

  private void requireResource(String name, Set<String> active, String where) {
    Object r = resources.get(name);
    if (r == null) {
      problems.add(
          where + ": refers to " + name + ", which is neither a parameter nor a" + " resource");
      return;
    }
    String condition = (String) map(r).get("Condition");
    if (condition != null && !active.contains(condition)) {
      problems.add(
          where
              + ": refers to "
              + name
              + ", which exists only under condition "
              + condition
              + "; give it the same condition or wrap it in Fn::If");
    }
  }

  private void requireCondition(String name, String where) {
    if (!conditions.containsKey(name)) {
      problems.add(where + ": uses condition " + name + ", which is not defined");
    }
  }

  /** An instance and its volumes must share a zone; the zone comes with the interface's subnet. */
  private void checkZones() {
    Map<String, String> subnetZone = new HashMap<>();
    Map<String, String> subnetSeenAt = new HashMap<>();
    for (Map.Entry<String, Object> e : resources.entrySet()) {
      Map<String, Object> r = map(e.getValue());
      if (!"AWS::EC2::Instance".equals(r.get("Type"))) {
        continue;
      }
      Map<String, Object> props = map(r.get("Properties"));
      String subnet = literal(interfaceSubnet(props));
      for (Object v : props.get("Volumes") instanceof List<?> l ? l : List.of()) {
        String zone = literal(refProperty(map(v).get("VolumeId"), "AvailabilityZone"));
        if (subnet == null || zone == null) {
          continue;
        }
        String known = subnetZone.putIfAbsent(subnet, zone);
        if (known != null && !known.equals(zone)) {
          problems.add(
              "Resources."
                  + e.getKey()
                  + ": its volume is in "
                  + zone
                  + " but "
                  + subnetSeenAt.get(subnet)
                  + " puts subnet "
                  + subnet
                  + " in "
                  + known
                  + "; a subnet has one zone and a volume attaches only within it");
        }
        subnetSeenAt.putIfAbsent(subnet, e.getKey());
      }
    }
  }

  private Object interfaceSubnet(Map<String, Object> instanceProps) {
    if (!(instanceProps.get("NetworkInterfaces") instanceof List<?> nics)) {
      return null;
    }
    for (Object nic : nics) {
      Map<String, Object> n = map(nic);
      if ("0".equals(String.valueOf(n.get("DeviceIndex")))) {
        return refProperty(n.get("NetworkInterfaceId"), "SubnetId");
      }
    }
    return null;
  }

  /** The property of the resource {@code ref} refers to with a plain Ref, or null. */
  private Object refProperty(Object ref, String property) {
    if (ref instanceof Map<?, ?> m
        && m.get("Ref") instanceof String name
        && resources.get(name) != null) {
      return map(map(resources.get(name)).get("Properties")).get(property);
    }
    return null;
  }

  private static String literal(Object value) {
    return value instanceof String s ? s : null;
  }

  private Map<String, Object> section(String name) {
    return map(template.get(name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
