package dev.statefulcluster.spec;

/**
 * How a new cluster's stacks are laid out. {@code nested}: over a parent and child stacks from the
 * start, whatever its size (a cluster of more than 65 nodes always is); {@code givenGroupSize}: the
 * nodes per pair of child stacks the file asks for, null when it names none. Both are read when the
 * cluster is created and kept: a deployed cluster's stacks say its layout, and a file that names
 * another one is refused.
 */
public record LayoutSpec(boolean nested, Integer givenGroupSize) {
  /** Nodes per group unless the file says otherwise: what fits every quota at 1,000 nodes. */
  public static final int DEFAULT_GROUP_SIZE = 40;

  /** The largest group the quotas allow at 1,000 nodes (a nodes stack's 200 parameters). */
  public static final int MAX_GROUP_SIZE = 40;

  public static final LayoutSpec DEFAULT = new LayoutSpec(false, null);

  /** Nodes per group of a new cluster laid out over nested stacks. */
  public int groupSize() {
    return givenGroupSize == null ? DEFAULT_GROUP_SIZE : givenGroupSize;
  }
}
