package dev.statefulcluster.ops.core;

/**
 * A check run from where the tool runs, after a rolled node's update ended: one probe, true when
 * the node serves. The CLI's are a shell command and a TCP connect; tests bring their own.
 */
public interface HealthCheck {
  /** What is checked, for messages: "tcp 9092", "sh -c 'curl …'". */
  public String describe();

  public boolean probe(String nodeName, String privateIp) throws InterruptedException;
}
