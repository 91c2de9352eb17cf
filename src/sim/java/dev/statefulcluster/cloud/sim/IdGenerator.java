package dev.statefulcluster.cloud.sim;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Deterministic ids in AWS's shapes: {@code vol-0…} with 17 hex digits, UUIDs for stacks and change
 * sets. A counter per prefix is mixed so ids look as varied as AWS's while every run of the same
 * scenario produces the same ids.
 */
final class IdGenerator {
  private final Map<String, Long> counters = new HashMap<>();

  /** {@code prefix-} followed by 17 hex digits, e.g. {@code vol-0a3c…}. */
  String next(String prefix) {
    long n = counters.merge(prefix, 1L, Long::sum);
    long mixed = n * 0x9E3779B97F4A7C15L ^ prefix.hashCode();
    return prefix + "-" + String.format("%17s", Long.toHexString(mixed)).replace(' ', '0');
  }

  /** A UUID derived from a counter, for stack, change-set and event ids. */
  String uuid() {
    long n = counters.merge("uuid", 1L, Long::sum);
    return UUID.nameUUIDFromBytes(("sim-" + n).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** {@code n} upper-case letters and digits, as CloudFormation appends to generated names. */
  String suffix(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    long v = counters.merge("suffix", 1L, Long::sum) * 0x9E3779B97F4A7C15L;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(alphabet.charAt((int) Long.remainderUnsigned(v, 36)));
      v = Long.divideUnsigned(v, 36) + i * 7919L;
    }
    return out.toString();
  }
}
