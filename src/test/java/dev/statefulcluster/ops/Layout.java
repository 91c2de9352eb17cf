package dev.statefulcluster.ops;

/**
 * The two layouts every safety test runs on: one stack, and a small cluster over nested stacks (its
 * file asks for them, in groups of two nodes, so six nodes make three groups and a zone's nodes
 * live in two of them).
 */
enum Layout {
  SINGLE(""),
  NESTED("layout: {nested: true, groupSize: 2}\n");

  private final String file;

  Layout(String file) {
    this.file = file;
  }

  /** {@code nodes} nodes counted over the world's three subnets, laid out this way. */
  String counted(String name, int nodes, String extra) {
    return SimWorld.counted(name, nodes, extra + file);
  }

  /** The same file, with its nested groups of {@code groupSize} nodes (single: as it is). */
  String counted(String name, int nodes, String extra, int groupSize) {
    return this == SINGLE
        ? counted(name, nodes, extra)
        : SimWorld.counted(
            name, nodes, extra + "layout: {nested: true, groupSize: " + groupSize + "}\n");
  }
}
