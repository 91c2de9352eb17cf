package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Creating a change set and waiting until CloudFormation has worked out what it would do. */
public final class ChangeSets {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Cloud cloud;
  private final Polling polling;

  public ChangeSets(Cloud cloud, Polling polling) {
    this.cloud = cloud;
    this.polling = polling;
  }

  /**
   * A change set name that says who made it and when, with a random tail: a run killed after
   * creating its change set and started again within the same second must not collide with it.
   */
  public String newName(String purpose) {
    return "stateful-cluster-"
        + purpose
        + "-"
        + STAMP.format(cloud.ticker().now())
        + "-"
        + Integer.toHexString(0x100000 + RANDOM.nextInt(0xF00000));
  }

  /**
   * CloudFormation works a change set out in seconds to minutes; one still pending after this is
   * stuck, and waiting on would hang the command for good.
   */
  public static final Duration LIMIT = Duration.ofMinutes(30);

  public ChangeSet createAndDescribe(ChangeSetRequest request) throws InterruptedException {
    cloud.stacks().createChangeSet(request);
    Duration limit = polling.limit().compareTo(LIMIT) < 0 ? polling.limit() : LIMIT;
    return polling.until(
        new Polling.Condition<ChangeSet>() {
          @Override
          public Optional<ChangeSet> check() {
            ChangeSet cs =
                cloud.stacks().describeChangeSet(request.stackName(), request.changeSetName());
            return cs.pending() ? Optional.empty() : Optional.of(cs);
          }

          @Override
          public ChangeSet expired() {
            discard(request.stackName(), request.changeSetName());
            throw OpsException.failed(
                "CloudFormation has not worked out change set "
                    + request.changeSetName()
                    + " of "
                    + request.stackName()
                    + " after "
                    + limit.toMinutes()
                    + " min; nothing was changed: run the command again");
          }
        },
        Deadline.in(cloud.ticker(), limit));
  }

  /** Deletes a change set that will not be executed; best effort, it expires anyway. */
  public void discard(String stackName, String changeSetName) {
    try {
      cloud.stacks().deleteChangeSet(stackName, changeSetName);
    } catch (RuntimeException e) {
      // An unexecuted change set costs nothing and AWS removes it with the stack.
    }
  }
}
