package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ec2Api;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the model knows of instance types: the few facts an AMI must agree with (architecture, ENA,
 * boot mode), by the naming rule AWS's families follow, unless a test registered a type. Graviton
 * families carry a "g" after the generation (m7g, c6gn, t4g): arm64, UEFI only. Other current
 * families are x86_64 and boot either way; from the fifth generation on (and t3) they require ENA,
 * older ones do not support it. EC2 can recover (move to another host) an instance whose storage is
 * all EBS: not the types with instance store volumes (a "d" after the generation, as m6id, and the
 * storage families d, h, i, im, is), nor bare metal. A name that does not parse is not a type, as
 * DescribeInstanceTypes answers InvalidInstanceType for it. The hypervisor: bare metal has none;
 * Nitro from the fifth generation on, t3 and later, and the earlier families AWS lists as built on
 * Nitro (a1, z1d, i3en, p3dn, d3…); the rest (t2, m4, c4, r4, i3, x1…) Xen, which boots legacy BIOS
 * only ("Only instance types built on the Nitro System support UEFI") and serves no latest console
 * output (docs/aws-facts.md, "cfn-hup and the console output").
 */
final class InstanceTypes {
  private static final Pattern NAME =
      Pattern.compile("([a-z]+)([0-9]+)([a-z-]*)\\.([0-9]*[a-z]+|metal(-[0-9]+xl)?)");

  /** Families whose every type has instance store volumes. */
  private static final Set<String> STORAGE_FAMILIES = Set.of("d", "h", "i", "im", "is");

  /** Families (with generation and attributes) before the fifth generation built on Nitro. */
  private static final Set<String> EARLY_NITRO =
      Set.of(
          "a1", "z1d", "i3en", "p3dn", "d3", "d3en", "g4dn", "g4ad", "inf1", "x2gd", "x2idn",
          "x2iedn", "x2iezn", "trn1", "trn1n", "dl1");

  private final Map<String, Ec2Api.InstanceType> registered = new LinkedHashMap<>();

  void add(Ec2Api.InstanceType type) {
    registered.put(type.name(), type);
  }

  Ec2Api.InstanceType find(String name) {
    Ec2Api.InstanceType known = registered.get(name);
    if (known != null) {
      return known;
    }
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return null;
    }
    int generation = Integer.parseInt(m.group(2));
    boolean recoverable =
        !m.group(3).contains("d")
            && !STORAGE_FAMILIES.contains(m.group(1))
            && !m.group(4).startsWith("metal");
    boolean metal = m.group(4).startsWith("metal");
    boolean nitro =
        generation >= 5
            || m.group(1).equals("t") && generation >= 3
            || EARLY_NITRO.contains(m.group(1) + m.group(2) + m.group(3));
    String hypervisor = metal ? null : nitro ? "nitro" : "xen";
    if (m.group(3).startsWith("g")) {
      return new Ec2Api.InstanceType(
          name, List.of("arm64"), "required", List.of("uefi"), recoverable, hypervisor);
    }
    boolean ena = generation >= 5 || m.group(1).equals("t") && generation >= 3;
    return new Ec2Api.InstanceType(
        name,
        List.of("x86_64"),
        ena ? "required" : "unsupported",
        nitro || metal ? List.of("legacy-bios", "uefi") : List.of("legacy-bios"),
        recoverable,
        hypervisor);
  }
}
