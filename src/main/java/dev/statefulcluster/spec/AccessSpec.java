package dev.statefulcluster.spec;

import java.util.List;

/**
 * Who may talk to the nodes: members among themselves on {@code memberPorts}; clients on {@code
 * clientPorts}, from {@code clientSecurityGroup} (an existing group, or null: the template makes
 * one) and from {@code clientCidrs} (none unless the file lists them).
 */
public record AccessSpec(
    List<PortRange> memberPorts,
    List<PortRange> clientPorts,
    String clientSecurityGroup,
    List<String> clientCidrs) {
  public AccessSpec {
    memberPorts = List.copyOf(memberPorts);
    clientPorts = List.copyOf(clientPorts);
    clientCidrs = List.copyOf(clientCidrs);
  }
}
