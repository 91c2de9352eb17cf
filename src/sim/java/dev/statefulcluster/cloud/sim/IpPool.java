package dev.statefulcluster.cloud.sim;

import java.util.TreeSet;

/**
 * The IPv4 addresses of one subnet. AWS reserves the first four addresses and the last one of every
 * subnet; the rest are handed out lowest first (AWS picks at random; lowest-first keeps runs
 * repeatable).
 */
final class IpPool {
  private final String cidr;
  private final long base;
  private final long size;
  private final TreeSet<Long> used = new TreeSet<>();

  IpPool(String cidr) {
    this.cidr = cidr;
    String[] parts = cidr.split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not a CIDR block: " + cidr);
    }
    int prefix = Integer.parseInt(parts[1]);
    if (prefix < 16 || prefix > 28) {
      throw new IllegalArgumentException("AWS subnets are /16 to /28, not " + cidr);
    }
    long address = toLong(parts[0]);
    this.size = 1L << (32 - prefix);
    this.base = address & ~(size - 1);
  }

  String cidr() {
    return cidr;
  }

  boolean contains(String ip) {
    long a = toLong(ip);
    return a >= base && a < base + size;
  }

  /** The lowest free usable address, claimed. */
  String allocate() {
    for (long a = base + 4; a < base + size - 1; a++) {
      if (!used.contains(a)) {
        used.add(a);
        return toIp(a);
      }
    }
    throw ApiErrors.service(
        "InsufficientFreeAddressesInSubnet",
        "There are not enough free addresses in subnet "
            + cidr
            + " to satisfy the requested number of instances.");
  }

  /** Claims a requested address; errors as EC2 does when it is outside, reserved or taken. */
  String claim(String ip) {
    long a;
    try {
      a = toLong(ip);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.service(
          "InvalidParameterValue", "invalid value for parameter address: " + ip);
    }
    if (a < base || a >= base + size) {
      throw ApiErrors.service(
          "InvalidParameterValue",
          "Address " + ip + " does not fall within the subnet's address range");
    }
    if (a < base + 4 || a == base + size - 1) {
      throw ApiErrors.service(
          "InvalidParameterValue", "Address " + ip + " is reserved by AWS in subnet " + cidr);
    }
    if (!used.add(a)) {
      throw ApiErrors.service("InvalidIPAddress.InUse", "Address " + ip + " is in use.");
    }
    return ip;
  }

  void release(String ip) {
    used.remove(toLong(ip));
  }

  static long toLong(String ip) {
    String[] octets = ip.split("\\.");
    if (octets.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    long a = 0;
    for (String o : octets) {
      int v = Integer.parseInt(o);
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      a = a << 8 | v;
    }
    return a;
  }

  private static String toIp(long a) {
    return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
  }
}
