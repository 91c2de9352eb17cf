package dev.statefulcluster.cloud.sim;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each step of the model takes in virtual time. The defaults are close to what AWS takes
 * for small resources in 2025 (observed typical values, not guarantees); tests that care about an
 * order rather than a duration can set any step with {@link #with}.
 *
 * <pre>{@code
 * SimLatencies slowProfiles = SimLatencies.defaults().with(Step.INSTANCE_PROFILE, Duration.ofMinutes(3));
 * }</pre>
 */
public final class SimLatencies {

  /** A step of work that takes time, with its default duration. */
  public enum Step {
    /** CreateChangeSet until the change set is CREATE_COMPLETE (or FAILED). */
    CHANGE_SET(Duration.ofSeconds(2)),
    /** CreateSecurityGroup until CloudFormation reports the group created. */
    SECURITY_GROUP(Duration.ofSeconds(5)),
    /** One ingress rule (AWS::EC2::SecurityGroupIngress). */
    SECURITY_GROUP_RULE(Duration.ofSeconds(2)),
    /** CreateNetworkInterface. */
    NETWORK_INTERFACE(Duration.ofSeconds(3)),
    /** CreateVolume, empty volume: creating → available. */
    VOLUME(Duration.ofSeconds(5)),
    /** CreateVolume from a snapshot: creating → available. */
    VOLUME_FROM_SNAPSHOT(Duration.ofSeconds(15)),
    /** RunInstances: pending → running (the boot until the signal is the image's own). */
    INSTANCE_RUNNING(Duration.ofSeconds(30)),
    /** StopInstances for an update that needs the instance stopped: stopping → stopped. */
    INSTANCE_STOP(Duration.ofSeconds(30)),
    /**
     * From running until EC2's first system and instance status checks pass: initializing until
     * then (AWS: "a few minutes" after launch or start).
     */
    STATUS_CHECKS(Duration.ofMinutes(3)),
    /** TerminateInstances: shutting-down → terminated. */
    INSTANCE_TERMINATE(Duration.ofSeconds(40)),
    /** How long a terminated instance stays visible in DescribeInstances. */
    TERMINATED_VISIBLE(Duration.ofHours(1)),
    /** AWS::IAM::Role (CloudFormation waits for IAM propagation). */
    ROLE(Duration.ofSeconds(10)),
    /** AWS::IAM::InstanceProfile: CloudFormation waits about two minutes for propagation. */
    INSTANCE_PROFILE(Duration.ofSeconds(120)),
    /** AWS::CloudWatch::Alarm. */
    ALARM(Duration.ofSeconds(2)),
    /** AWS::CloudFormation::WaitConditionHandle. */
    WAIT_CONDITION_HANDLE(Duration.ofSeconds(1)),
    /** An in-place update that needs no EC2 state change (tags, rules, descriptions…). */
    PROPERTY_UPDATE(Duration.ofSeconds(3)),
    /** Deleting a resource other than an instance (ENI, group, rule, role…). */
    DELETE(Duration.ofSeconds(3)),
    /** DeleteVolume: deleting → gone. */
    VOLUME_DELETE(Duration.ofSeconds(5)),
    /** ModifyVolume: modifying → optimizing (the new size is usable from optimizing on). */
    VOLUME_MODIFYING(Duration.ofSeconds(30)),
    /** ModifyVolume: optimizing → completed, per GiB of the volume's target size. */
    VOLUME_OPTIMIZING_PER_GIB(Duration.ofSeconds(6)),
    /**
     * How long CloudFormation keeps a volume UPDATE_IN_PROGRESS when EBS refuses the modification
     * because the last one has not completed, before the update fails: about 7 hours with the
     * caller's credentials (36 with a service role). docs/aws-facts.md, "Checked again: Volume
     * rollbacks"; re:Post knowledge-center cloudformation-ebs-volume-error.
     */
    VOLUME_UPDATE_TIMEOUT(Duration.ofHours(7)),
    /** CreateSnapshot: pending → completed. */
    SNAPSHOT(Duration.ofSeconds(60));

    private final Duration defaultValue;

    Step(Duration defaultValue) {
      this.defaultValue = defaultValue;
    }

    public Duration defaultValue() {
      return defaultValue;
    }
  }

  private final Map<Step, Duration> values;

  private SimLatencies(Map<Step, Duration> values) {
    this.values = values;
  }

  public static SimLatencies defaults() {
    Map<Step, Duration> values = new EnumMap<>(Step.class);
    for (Step step : Step.values()) {
      values.put(step, step.defaultValue);
    }
    return new SimLatencies(values);
  }

  /** A copy with one step's duration replaced. */
  public SimLatencies with(Step step, Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(step + " cannot take a negative time: " + duration);
    }
    Map<Step, Duration> copy = new EnumMap<>(values);
    copy.put(step, duration);
    return new SimLatencies(copy);
  }

  public Duration get(Step step) {
    return values.get(step);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
