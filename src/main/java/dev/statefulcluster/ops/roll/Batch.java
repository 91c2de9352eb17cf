package dev.statefulcluster.ops.roll;

/**
 * How many nodes a roll takes away at once: one node ({@code --batch node}), or every node of one
 * availability zone ({@code --batch zone}). Never nodes of two zones at once.
 */
public record Batch(Kind kind) {
  public enum Kind {
    NODE,
    ZONE
  }

  public static Batch node() {
    return new Batch(Kind.NODE);
  }

  public static Batch zone() {
    return new Batch(Kind.ZONE);
  }

  public boolean byZone() {
    return kind == Kind.ZONE;
  }

  /** "node" or "zone", as the plan says what is away at a time. */
  String unit() {
    return kind == Kind.ZONE ? "zone" : "node";
  }

  /** The option that asks for it, for the commands the tool prints. */
  String option() {
    return kind == Kind.ZONE ? " --batch zone" : "";
  }
}
