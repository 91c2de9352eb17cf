package dev.statefulcluster.spec;

import java.util.regex.Pattern;

/** IPv4 addresses and CIDR blocks, parsed strictly (no leading zeros, octets 0–255). */
public final class Net {
  private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

  private Net() {}

  /** The address as a 32-bit number, or -1 when {@code text} is not a dotted-quad IPv4 address. */
  public static long ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (String p : parts) {
      if (!OCTET.matcher(p).matches() || Integer.parseInt(p) > 255) {
        return -1;
      }
      value = (value << 8) | Integer.parseInt(p);
    }
    return value;
  }

  /** Blocks of special-purpose addresses (RFC 6890) that no network interface in a VPC has. */
  private static final String[][] NOT_HOSTS = {
    {"0.0.0.0/8", "this network"},
    {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local: the instance metadata and DNS of every instance"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved; broadcast"},
  };

  /**
   * Why {@code address} can be no VPC host's, whatever its subnet, or null: it is special-purpose,
   * or among the five AWS reserves in every subnet that could hold it. A subnet is /16 to /28, so
   * one whose last 16 bits are 0 to 3 is among the first four of each, and one whose last 16 bits
   * are all ones is the last of each.
   */
  public static String notAHost(long address) {
    for (String[] block : NOT_HOSTS) {
      if (cidr(block[0]).contains(address)) {
        return Cidr.format(address)
            + " is in "
            + block[0]
            + " ("
            + block[1]
            + "), never a VPC host's";
      }
    }
    long low = address & 0xFFFF;
    if (low < 4) {
      return Cidr.format(address)
          + " is among the first four addresses of every subnet that can hold it (subnets are"
          + " /16 to /28), which AWS reserves";
    }
    if (low == 0xFFFF) {
      return Cidr.format(address)
          + " is the last address of every subnet that can hold it (subnets are /16 to /28),"
          + " which AWS reserves";
    }
    return null;
  }

  /** A CIDR block such as 10.0.0.0/16, as written: {@code base} may still have host bits. */
  public record Cidr(long base, int prefix) {
    public long mask() {
      return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public boolean contains(long address) {
      return (address & mask()) == (base & mask());
    }

    public long first() {
      return base & mask();
    }

    public long last() {
      return first() | (~mask() & 0xFFFFFFFFL);
    }

    /**
     * AWS keeps the first four addresses of every subnet (network, router, DNS, future use) and the
     * last; an interface cannot have one of them.
     */
    public boolean reservedByAws(long address) {
      return contains(address) && (address - first() < 4 || address == last());
    }

    /** 10.0.0.1/16 has host bits set; AWS wants 10.0.0.0/16. */
    public boolean hostBitsSet() {
      return (base & ~mask() & 0xFFFFFFFFL) != 0;
    }

    public String normalized() {
      return format(base & mask()) + "/" + prefix;
    }

    public static String format(long address) {
      return ((address >> 24) & 255)
          + "."
          + ((address >> 16) & 255)
          + "."
          + ((address >> 8) & 255)
          + "."
          + (address & 255);
    }
  }

  /** Parses "a.b.c.d/n"; null when malformed. Host bits may be set; callers decide. */
  public static Cidr cidr(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return null;
    }
    long address = ipv4(text.substring(0, slash));
    String prefixText = text.substring(slash + 1);
    if (address < 0 || !prefixText.matches("[0-9]|[12][0-9]|3[0-2]")) {
      return null;
    }
    return new Cidr(address, Integer.parseInt(prefixText));
  }
}
