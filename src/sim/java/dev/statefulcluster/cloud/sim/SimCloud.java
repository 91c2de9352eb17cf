package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Cloud;
import java.util.Map;

/**
 * An in-memory model of the CloudFormation, EC2, S3 and STS behaviour the operations rely on, on a
 * virtual clock. See {@code docs/sim.md} for what it models and what it leaves out.
 *
 * <pre>{@code
 * SimCloud sim = new SimCloud();
 * sim.ec2().addVpc("vpc-1", "10.0.0.0/16").addSubnet("subnet-a", "vpc-1", "us-east-1a", "10.0.1.0/24")
 *     .addImage("ami-1", "node", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(60)));
 * sim.stacks().createChangeSet(...);
 * sim.ticker().sleep(Duration.ofMinutes(10)); // instant: runs everything due in those ten minutes
 * sim.throttle("DescribeStackEvents", 2);      // the next two calls fail with Throttling
 * }</pre>
 */
public final class SimCloud implements Cloud {
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String ACCOUNT_ID = "123456789012";

  private final SimContext ctx;
  private final ApiGate gate;
  private final Ec2Model model;
  private final SimEc2 ec2;
  private final SimS3 s3;
  private final SimIdentity identity;
  private final SimStacks stacks;
  private final StackEngine engine;

  public SimCloud() {
    this(SimLatencies.defaults());
  }

  public SimCloud(SimLatencies latencies) {
    this(latencies, DEFAULT_REGION);
  }

  public SimCloud(SimLatencies latencies, String region) {
    this(latencies, region, new SimClock(), new SimS3.Namespace());
  }

  private SimCloud(SimLatencies latencies, String region, SimClock clock, SimS3.Namespace buckets) {
    this.ctx = new SimContext(clock, latencies, new IdGenerator(), region, ACCOUNT_ID);
    this.gate = new ApiGate(clock);
    this.model = new Ec2Model(ctx);
    this.ec2 = new SimEc2(gate, model);
    this.s3 = new SimS3(gate, region, ACCOUNT_ID, buckets);
    this.identity = new SimIdentity(gate, ACCOUNT_ID, region);
    this.engine = new StackEngine(ctx, model, s3);
    this.stacks = new SimStacks(gate, engine, s3);
    withNestedOperationQuota(DEFAULT_NESTED_OPERATION_QUOTA);
    withUnknownSiblingOutputsDefect(DEFAULT_UNKNOWN_SIBLING_OUTPUTS_DEFECT);
  }

  /**
   * On, as on AWS: no operations test passes the quota (bench/nested.sh 1000 does: its deploy of
   * 1,000 nodes in one operation is refused, as AWS would refuse it).
   */
  public static final boolean DEFAULT_NESTED_OPERATION_QUOTA = true;

  /**
   * On, as on AWS (cloudformation-coverage-roadmap #759): the operations give nested stacks their
   * interfaces' values as they are, so nothing of theirs is unknown to a nested change set.
   */
  public static final boolean DEFAULT_UNKNOWN_SIBLING_OUTPUTS_DEFECT = true;

  /**
   * CloudFormation's quota of 2,500 resources created, updated or deleted by one operation of a
   * stack and its nested stacks: the nested stack whose operation would pass it fails with "Limit
   * on the number of resources in a single stack operation exceeded" and the tree rolls back.
   */
  public SimCloud withNestedOperationQuota(boolean on) {
    synchronized (ctx.clock()) {
      engine.nestedOperationQuota = on;
    }
    return this;
  }

  /**
   * AWS's known defect of nested change sets (cloudformation-coverage-roadmap #759): a nested
   * stack's parameter taken by Fn::GetAtt from a sibling nested stack's outputs is unknown when its
   * nested change set is planned, so every resource using it is reported as changed (Dynamic,
   * ParameterReference) and one whose create-only property uses it as replaced (Replacement True),
   * whether or not the value will change. Off, the model plans with the current value.
   */
  public SimCloud withUnknownSiblingOutputsDefect(boolean on) {
    synchronized (ctx.clock()) {
      engine.unknownSiblingOutputs = on;
    }
    return this;
  }

  /**
   * The same account in another region, on the same clock: its own EC2 and CloudFormation (empty),
   * the same S3 bucket namespace (names are global), its own call counts, the same switches.
   */
  public SimCloud inRegion(String otherRegion) {
    return new SimCloud(ctx.latencies(), otherRegion, ctx.clock(), s3.namespace())
        .withNestedOperationQuota(engine.nestedOperationQuota)
        .withUnknownSiblingOutputsDefect(engine.unknownSiblingOutputs);
  }

  @Override
  public SimStacks stacks() {
    return stacks;
  }

  @Override
  public SimEc2 ec2() {
    return ec2;
  }

  @Override
  public SimS3 templates() {
    return s3;
  }

  @Override
  public SimIdentity identity() {
    return identity;
  }

  @Override
  public SimClock ticker() {
    return ctx.clock();
  }

  @Override
  public String region() {
    return ctx.region();
  }

  public SimLatencies latencies() {
    return ctx.latencies();
  }

  /**
   * The next {@code times} calls of {@code api} (AWS's name, e.g. DescribeStackEvents; "*" for any)
   * fail with Throttling / "Rate exceeded", retryable.
   */
  public SimCloud throttle(String api, int times) {
    gate.throttle(api, times);
    return this;
  }

  /** Every {@code k}-th call of {@code api} ("*": every k-th call of any API) is throttled. */
  public SimCloud throttleEvery(String api, int k) {
    gate.throttleEvery(api, k);
    return this;
  }

  /**
   * Every {@code k}-th call of {@code api} ("*": of any API) fails with a server error (HTTP 500,
   * InternalFailure, retryable) before it takes effect.
   */
  public SimCloud serverErrorEvery(String api, int k) {
    gate.serverErrorEvery(api, k);
    return this;
  }

  /**
   * The next {@code times} calls of {@code api} take effect, then answer with a server error: the
   * caller cannot tell that its request was carried out (as a 5xx or a timeout on AWS).
   */
  public SimCloud serverErrorAfterEffect(String api, int times) {
    gate.serverErrorAfterEffect(api, times);
    return this;
  }

  /** Stops every injected throttling and server error. */
  public SimCloud clearFaults() {
    gate.clearFaults();
    return this;
  }

  /**
   * Calls made so far by API name (AWS's names; pages of paginated calls count), throttled ones
   * included.
   */
  public Map<String, Integer> calls() {
    return gate.calls();
  }

  public int totalCalls() {
    return gate.total();
  }
}
