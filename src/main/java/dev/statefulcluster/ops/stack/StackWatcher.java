package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a stack while CloudFormation works on it: one line per new resource event with how many
 * resources are done of how many, polling sooner while events arrive and backing off while none do.
 * Returns the stack as it is once nothing is in progress any more; the caller decides from its
 * status whether the operation did what it asked, since a wait also ends on a rollback.
 */
public final class StackWatcher {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Even when no event says the stack is done, DescribeStacks is asked every this many polls. */
  static final int STATUS_EVERY = 4;

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;

  public StackWatcher(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
  }

  /** What the operation ended as, and the failure events (oldest first) with their reasons. */
  public record Outcome(Optional<Stack> stack, List<StackEvent> failures, List<StackEvent> events) {
    public String reasons() {
      StringBuilder out = new StringBuilder();
      for (StackEvent e : failures) {
        out.append("\n  ")
            .append(e.logicalId())
            .append(" ")
            .append(e.status())
            .append(": ")
            .append(e.reason());
      }
      return out.toString();
    }
  }

  /**
   * A failure event that says why: not the "Resource creation cancelled" CloudFormation writes for
   * work it stopped because something else failed.
   */
  public static boolean isCause(StackEvent e) {
    return e.status().endsWith("_FAILED")
        && e.reason() != null
        && !e.reason().contains("Resource creation cancelled");
  }

  /** The id of the newest event so far, so that only what happens after it is shown. */
  public String mark(String stackName) {
    List<StackEvent> events = cloud.stacks().describeStackEvents(stackName, 1);
    return events.isEmpty() ? null : events.get(0).eventId();
  }

  public Outcome watch(String stackName, String afterEventId, int expectedResources)
      throws InterruptedException {
    Set<String> seen = new HashSet<>();
    Map<String, String> lastStatus = new HashMap<>();
    List<StackEvent> failures = new ArrayList<>();
    List<StackEvent> all = new ArrayList<>();
    return polling.until(
        new Polling.Condition<Outcome>() {
          private int polls;
          private boolean fresh;

          @Override
          public Optional<Outcome> check() {
            List<StackEvent> events = newEvents(stackName, afterEventId, seen);
            fresh = !events.isEmpty();
            all.addAll(events);
            for (StackEvent e : events) {
              if (!e.isStackEvent()) {
                lastStatus.put(e.logicalId(), e.status());
              }
              if (isCause(e)) {
                failures.add(e);
              }
              progress.line(
                  "  %s  %-24s %-34s %s%s",
                  TIME.format(e.timestamp()),
                  e.logicalId(),
                  e.status(),
                  done(lastStatus, expectedResources),
                  e.reason() == null || e.reason().isEmpty() ? "" : "  " + e.reason());
            }
            // The stack's own events say when it leaves *_IN_PROGRESS, so DescribeStacks is asked
            // then, and every few polls in case an event was missed, not on every poll.
            boolean ended =
                events.stream()
                    .anyMatch(e -> e.isStackEvent() && !e.status().endsWith("_IN_PROGRESS"));
            if (ended || ++polls % STATUS_EVERY == 0) {
              Optional<Stack> stack = cloud.stacks().describeStack(stackName);
              if (stack.isEmpty() || !stack.get().status().inProgress()) {
                // Events written just before the status changed are picked up on this last look.
                for (StackEvent e : newEvents(stackName, afterEventId, seen)) {
                  all.add(e);
                  if (isCause(e)) {
                    failures.add(e);
                  }
                }
                return Optional.of(new Outcome(stack, failures, all));
              }
            }
            return Optional.empty();
          }

          @Override
          public boolean somethingHappened() {
            return fresh;
          }

          @Override
          public Outcome expired() {
            throw OpsException.failed(
                stackName
                    + " is still in progress after "
                    + polling.limit().toHours()
                    + " h; the tool stops waiting, CloudFormation goes on");
          }
        },
        Deadline.in(cloud.ticker(), polling.limit()));
  }

  private List<StackEvent> newEvents(String stackName, String afterEventId, Set<String> seen) {
    List<StackEvent> page = cloud.stacks().describeStackEvents(stackName, 100);
    List<StackEvent> fresh = new ArrayList<>();
    for (StackEvent e : page) {
      if (e.eventId().equals(afterEventId)) {
        break;
      }
      if (seen.add(e.eventId())) {
        fresh.add(e);
      }
    }
    Collections.reverse(fresh);
    return fresh;
  }

  private static String done(Map<String, String> status, int expected) {
    long complete =
        status.values().stream()
            .filter(s -> s.endsWith("_COMPLETE") || s.equals("DELETE_SKIPPED"))
            .count();
    return expected > 0 ? "(" + Math.min(complete, expected) + "/" + expected + ")" : "";
  }
}
