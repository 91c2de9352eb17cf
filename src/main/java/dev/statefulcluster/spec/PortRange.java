package dev.statefulcluster.spec;

/** A TCP port or an inclusive range of ports, written 9092 or "7000-7001" in a cluster file. */
public record PortRange(int from, int to) {
  public PortRange {
    if (from < 1 || to > 65_535 || from > to) {
      throw new IllegalArgumentException("bad port range " + from + "-" + to);
    }
  }

  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  /** How the port appears in logical ids: 9092, or 7000to7001. */
  public String idSuffix() {
    return from == to ? Integer.toString(from) : from + "to" + to;
  }

  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
