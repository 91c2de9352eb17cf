package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudFormation side of the model: the stacks, their events, the resource providers, and the
 * endpoint nodes reach (cfn-signal, cfn-hup). The operations on stacks live in {@link
 * StackOperations}; the API in {@link SimStacks}.
 */
final class StackEngine implements CfnEndpoint {
  static final String STACK_TYPE = "AWS::CloudFormation::Stack";

  final SimContext ctx;
  final Ec2Model ec2;
  final Providers providers;
  final StackOperations operations;
  final NestedTemplates nestedTemplates;

  /**
   * The quota on the resources one operation of a stack tree creates, updates or deletes ({@link
   * NestedQuota}); SimCloud's switch.
   */
  boolean nestedOperationQuota;

  /**
   * Nested change sets leave a child parameter taken from a sibling's outputs unknown
   * (cloudformation-coverage-roadmap #759); SimCloud's switch.
   */
  boolean unknownSiblingOutputs;

  private final Map<String, StackState> live = new LinkedHashMap<>();
  private final Map<String, StackState> byId = new HashMap<>();
  private final Map<String, Op> awaitingSignals = new HashMap<>();

  StackEngine(SimContext ctx, Ec2Model ec2, SimS3 s3) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.providers = new Providers(ctx, ec2);
    this.operations = new StackOperations(this);
    this.nestedTemplates = new NestedTemplates(this, s3);
    providers.register(new NestedStackProvider(this));
    ec2.agent.connect(this);
  }

  // ---- stacks ----

  String newStackId(String name) {
    return "arn:aws:cloudformation:"
        + ctx.region()
        + ":"
        + ctx.accountId()
        + ":stack/"
        + name
        + "/"
        + ctx.ids().uuid();
  }

  StackState register(String id, String name) {
    StackState s = new StackState(id, name, ctx.clock().now());
    live.put(name, s);
    byId.put(id, s);
    return s;
  }

  /**
   * A live stack by name, or any stack (deleted ones too) by its id, as DescribeStacks finds them.
   */
  Optional<StackState> find(String nameOrId) {
    if (nameOrId != null && nameOrId.startsWith("arn:")) {
      return Optional.ofNullable(byId.get(nameOrId));
    }
    return Optional.ofNullable(live.get(nameOrId));
  }

  StackState require(String nameOrId) {
    return find(nameOrId).orElseThrow(() -> ApiErrors.stackNotFound(nameOrId));
  }

  Collection<StackState> allStacks() {
    return byId.values();
  }

  void forget(StackState s) {
    live.remove(s.name, s);
  }

  StackIdentity identity(String name, String id) {
    return new StackIdentity(
        name, id, ctx.region(), ctx.accountId(), ec2.network.availabilityZones());
  }

  // ---- events ----

  void stackStatus(StackState s, StackStatus status, String reason) {
    s.status = status;
    s.statusReason = reason;
    event(s, s.name, STACK_TYPE, s.id, status.name(), reason);
    for (var w : List.copyOf(s.watchers)) {
      if (w.test(s)) {
        s.watchers.remove(w);
      }
    }
  }

  /** The nested stacks a stack's resources hold now. */
  List<StackState> children(StackState s) {
    List<StackState> out = new ArrayList<>();
    for (ResourceState r : s.resources.values()) {
      if (r.type.equals(STACK_TYPE) && r.physicalId != null && !r.gone()) {
        StackState child = byId.get(r.physicalId);
        if (child != null) {
          out.add(child);
        }
      }
    }
    return out;
  }

  /** Sets a resource's status and records the event. */
  void record(StackState s, ResourceState r, String status, String reason) {
    r.status = status;
    r.reason = reason;
    event(s, r.logicalId, r.type, r.physicalId, status, reason);
  }

  void event(
      StackState s,
      String logicalId,
      String type,
      String physicalId,
      String status,
      String reason) {
    s.events.add(
        new StackEvent(
            ctx.ids().uuid(),
            s.name,
            logicalId,
            physicalId,
            type,
            ctx.clock().now(),
            status,
            reason));
  }

  // ---- evaluation ----

  ResourceProvider.Request request(StackState s, String logicalId, ObjectNode properties) {
    return new ResourceProvider.Request(identity(s.name, s.id), s.tags, logicalId, properties);
  }

  /** Intrinsics resolved against the stack's resources as they are now (during an operation). */
  Intrinsics runtime(StackState s, TemplateInstance t) {
    return t.intrinsics(
        new TemplateInstance.ResourceValues() {
          @Override
          public JsonNode ref(String logicalId) {
            ResourceState r = s.resources.get(logicalId);
            if (r == null || r.physicalId == null) {
              throw ApiErrors.format(
                  "Unresolved resource dependencies ["
                      + logicalId
                      + "] in the Resources block of the template");
            }
            return TextNode.valueOf(r.physicalId);
          }

          @Override
          public JsonNode getAtt(String logicalId, String attribute) {
            ResourceState r = s.resources.get(logicalId);
            JsonNode v = r == null ? null : r.attributes.get(attribute);
            if (v == null) {
              throw ApiErrors.template(
                  "Attribute '" + attribute + "' does not exist on resource " + logicalId);
            }
            return v;
          }
        });
  }

  Map<String, String> outputs(StackState s, TemplateInstance t) {
    Map<String, String> out = new LinkedHashMap<>();
    Intrinsics in = runtime(s, t);
    for (String name : t.outputs()) {
      JsonNode v = in.resolve(t.template().outputs().get(name).value());
      if (v.isArray()) {
        List<String> parts = new ArrayList<>();
        v.forEach(e -> parts.add(e.asText()));
        out.put(name, String.join(",", parts));
      } else if (!v.isMissingNode()) {
        out.put(name, Intrinsics.text(v));
      }
    }
    return out;
  }

  // ---- the nodes' side ----

  void awaitSignals(StackState s, String logicalId, Op op) {
    awaitingSignals.put(s.id + "/" + logicalId, op);
  }

  void stopAwaiting(StackState s, String logicalId, Op op) {
    awaitingSignals.remove(s.id + "/" + logicalId, op);
  }

  /** A stack resource finished an update: nodes whose cfn-hup watches it will notice. */
  void resourceUpdated(StackState s, String logicalId) {
    ec2.agent.resourceUpdated(s.name, logicalId);
  }

  @Override
  public void signalResource(String stackName, String logicalId, String uniqueId, boolean success) {
    StackState s = live.get(stackName);
    Op op = s == null ? null : awaitingSignals.get(s.id + "/" + logicalId);
    if (op != null) {
      op.signal(uniqueId, success);
    }
  }

  @Override
  public boolean inProgress(String stackName, String logicalId) {
    StackState s = live.get(stackName);
    ResourceState r = s == null ? null : s.resources.get(logicalId);
    return r != null && r.status != null && r.status.endsWith("_IN_PROGRESS");
  }

  @Override
  public Optional<Instant> lastUpdated(String stackName, String logicalId) {
    StackState s = live.get(stackName);
    ResourceState r = s == null ? null : s.resources.get(logicalId);
    return r == null ? Optional.empty() : Optional.ofNullable(r.lastUpdated);
  }

  @Override
  public Optional<JsonNode> metadata(String stackName, String logicalId) {
    StackState s = live.get(stackName);
    ResourceState r = s == null ? null : s.resources.get(logicalId);
    return r == null ? Optional.empty() : Optional.ofNullable(r.metadata);
  }
}
