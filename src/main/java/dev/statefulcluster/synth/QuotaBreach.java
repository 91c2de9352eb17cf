package dev.statefulcluster.synth;

import dev.statefulcluster.spec.AccessSpec;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.template.Quota;
import dev.statefulcluster.template.Template;
import java.util.List;
import java.util.Optional;

/**
 * Which line of the cluster file makes a template break one of CloudFormation's quotas, when the
 * nodes are not the cause: the security group rules (one resource each, in the stack that holds the
 * groups) and the texts every stack of nodes carries (the bootstrap, the health and reload
 * commands), which no layout spreads over more stacks.
 */
final class QuotaBreach {
  private static final String INGRESS = "AWS::EC2::SecurityGroupIngress";

  private QuotaBreach() {}

  /**
   * The error naming the field that makes {@code template} (called {@code stack} in the message)
   * need {@code over}, or empty when no one field does.
   */
  static Optional<SpecError> explain(
      ClusterSpec spec, String stack, Template template, List<Quota.Usage> over) {
    for (Quota.Usage u : over) {
      Optional<SpecError> error =
          switch (u.quota()) {
            case RESOURCES -> rules(spec, stack, template, u);
            case BODY_BYTES -> texts(spec, stack, u);
            default -> Optional.empty();
          };
      if (error.isPresent()) {
        return error;
      }
    }
    return Optional.empty();
  }

  private static Optional<SpecError> rules(
      ClusterSpec spec, String stack, Template template, Quota.Usage u) {
    long rules =
        template.resources().values().stream().filter(r -> r.type().equals(INGRESS)).count();
    long room = u.quota().limit() - (u.used() - rules);
    if (rules == 0 || room < 0) {
      return Optional.empty();
    }
    AccessSpec access = spec.access();
    long members = access.memberPorts().size();
    long clients = access.clientPorts().size();
    long cidrRules = clients * access.clientCidrs().size();
    String path =
        cidrRules >= members + clients
            ? "clients.cidrs"
            : members >= clients ? "ports.members" : "ports.clients";
    return Optional.of(
        spec.source()
            .error(
                path,
                String.format(
                    "%,d security group rules (one per member port, and per client port one for"
                        + " the client group and one per CIDR block) make %s need %s, over"
                        + " CloudFormation's limit; at most %,d rules fit: list fewer ports or"
                        + " CIDR blocks (a range such as \"7000-7010\" is one rule)",
                    rules, stack, u, room)));
  }

  private static Optional<SpecError> texts(ClusterSpec spec, String stack, Quota.Usage u) {
    int excess = u.used() - u.quota().limit();
    String path = null;
    int longest = 0;
    String[][] texts = {
      {"bootstrap", spec.bootstrap()},
      {"health.command", spec.health() == null ? null : spec.health().command()},
      {"reload", spec.reload()}
    };
    for (String[] t : texts) {
      if (t[1] != null && t[1].length() > longest) {
        path = t[0];
        longest = t[1].length();
      }
    }
    if (path == null || longest < excess) {
      return Optional.empty();
    }
    return Optional.of(
        spec.source()
            .error(
                path,
                String.format(
                    "with it, %s needs %s, over CloudFormation's limit (every stack of nodes"
                        + " carries a copy); shorten it until the template is %,d bytes smaller"
                        + " (each quote, backslash and line break takes two bytes there): have it"
                        + " fetch the rest, from S3 say",
                    stack, u, excess)));
  }
}
