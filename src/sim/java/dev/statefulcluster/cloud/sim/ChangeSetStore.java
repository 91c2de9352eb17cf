package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.StackStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** CreateChangeSet, DescribeChangeSet, ExecuteChangeSet and DeleteChangeSet. */
final class ChangeSetStore {
  static final int MAX_INLINE_BYTES = 51_200;
  static final int MAX_URL_BYTES = 1_000_000;
  static final String NO_CHANGES =
      "The submitted information didn't contain changes. Submit different information to create a change set.";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]{0,127}");
  private static final Set<String> IAM_TYPES =
      Set.of(
          "AWS::IAM::Role",
          "AWS::IAM::InstanceProfile",
          "AWS::IAM::Policy",
          "AWS::IAM::ManagedPolicy",
          "AWS::IAM::User",
          "AWS::IAM::Group",
          "AWS::IAM::AccessKey");
  private static final Map<String, String> NAME_PROPERTIES =
      Map.of(
          "AWS::IAM::Role",
          "RoleName",
          "AWS::IAM::InstanceProfile",
          "InstanceProfileName",
          "AWS::IAM::ManagedPolicy",
          "ManagedPolicyName",
          "AWS::IAM::User",
          "UserName",
          "AWS::IAM::Group",
          "GroupName");

  private final StackEngine engine;
  private final SimS3 s3;

  ChangeSetStore(StackEngine engine, SimS3 s3) {
    this.engine = engine;
    this.s3 = s3;
  }

  String create(ChangeSetRequest req) {
    name(req.stackName(), "stackName");
    name(req.changeSetName(), "changeSetName");
    StackState existing = engine.find(req.stackName()).orElse(null);
    boolean reviewing = existing != null && existing.status == StackStatus.REVIEW_IN_PROGRESS;
    if (req.type() == ChangeSetType.CREATE && existing != null && !reviewing) {
      throw new CloudException(
          "AlreadyExistsException", "Stack [" + req.stackName() + "] already exists", false);
    }
    boolean importing = req.type() == ChangeSetType.IMPORT;
    if (req.type() == ChangeSetType.UPDATE || importing && existing != null && !reviewing) {
      if (existing == null || reviewing) {
        throw ApiErrors.validation("Stack [" + req.stackName() + "] does not exist");
      }
      if (!existing.status.updatable()) {
        throw ApiErrors.validation(
            "Stack:"
                + existing.id
                + " is in "
                + existing.status
                + " state and can not be updated.");
      }
    }
    if (existing != null && existing.changeSets.containsKey(req.changeSetName())) {
      throw new CloudException(
          "AlreadyExistsException",
          "ChangeSet [" + req.changeSetName() + "] already exists",
          false);
    }
    ParsedTemplate t = TemplateParser.parse(body(req, existing));
    TemplateValidator.validate(t, engine.providers);
    capabilities(t, req.capabilities());
    Map<String, String> previous =
        existing == null || existing.current == null ? null : existing.parameters();
    Map<String, String> params =
        ParameterValues.resolve(t, req.parameters(), previous, engine.ec2::exists);
    String stackId = existing != null ? existing.id : engine.newStackId(req.stackName());
    TemplateInstance target =
        TemplateInstance.evaluate(t, params, engine.identity(req.stackName(), stackId));
    ResourceImports imports =
        importing ? ResourceImports.check(existing, target, req.resourcesToImport()) : null;

    StackState s = existing;
    if (s == null) {
      s = engine.register(stackId, req.stackName());
      engine.stackStatus(s, StackStatus.REVIEW_IN_PROGRESS, "User Initiated");
    }
    // CreateChangeSet without Tags keeps the stack's tags; with an empty list it removes them.
    Map<String, String> tags = req.tags() == null ? s.tags : req.tags();
    String id = changeSetId(req.changeSetName());
    ChangeSetState cs = new ChangeSetState(id, req.changeSetName(), req.type(), target, tags);
    cs.capabilities = req.capabilities();
    cs.includeNested = req.includeNestedStacks();
    cs.imports = imports;
    s.changeSets.put(cs.name, cs);
    String failure = null;
    try {
      if (imports != null) {
        cs.changes = imports.plan(engine, s, target, s3::read);
      } else {
        ChangeSetPlanner.Plan plan =
            ChangeSetPlanner.planned(s, target, s.current != null && !tags.equals(s.tags));
        cs.changes =
            req.includeNestedStacks() ? nest(s, cs, cs, plan, req.capabilities()) : plan.changes();
      }
      boolean unchanged =
          s.current != null
              && t.sameContent(s.current.template())
              && params.equals(s.parameters())
              && tags.equals(s.tags);
      if (cs.changes.isEmpty() && unchanged) {
        failure = NO_CHANGES;
      }
    } catch (CloudException e) {
      failure = e.getMessage();
      forgetNested(cs);
    }
    String reason = failure;
    List<ChangeSetState> all = new ArrayList<>(List.of(cs));
    all.addAll(cs.nested);
    engine
        .ctx
        .clock()
        .schedule(Duration.ZERO, () -> all.forEach(c -> c.status = "CREATE_IN_PROGRESS"));
    engine.ctx.after(
        SimLatencies.Step.CHANGE_SET,
        () -> {
          for (ChangeSetState c : all) {
            c.status = reason == null ? "CREATE_COMPLETE" : "FAILED";
            c.statusReason = reason;
            c.execution = reason == null ? "AVAILABLE" : "UNAVAILABLE";
            if (reason != null) {
              c.changes = List.of();
            }
          }
        });
    return id;
  }

  private String changeSetId(String name) {
    return "arn:aws:cloudformation:"
        + engine.ctx.region()
        + ":"
        + engine.ctx.accountId()
        + ":changeSet/"
        + name
        + "/"
        + engine.ctx.ids().uuid();
  }

  /**
   * IncludeNestedStacks: a nested change set for every nested stack the update modifies (each in
   * its turn for its own nested stacks), named by the nested stack's change. A new nested stack
   * gets none (its changes are all additions). A nested stack's parameter whose value depends on a
   * resource the update creates or replaces is planned with its current value.
   */
  private List<ResourceChange> nest(
      StackState s,
      ChangeSetState parent,
      ChangeSetState root,
      ChangeSetPlanner.Plan plan,
      Set<String> capabilities) {
    List<ResourceChange> out = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      ObjectNode props = plan.properties().get(c.logicalId());
      StackState child =
          c.resourceType().equals(StackEngine.STACK_TYPE)
                  && c.action() == ResourceChange.Action.MODIFY
                  && props != null
              ? engine.find(c.physicalId()).orElse(null)
              : null;
      if (child == null) {
        out.add(c);
        continue;
      }
      ChangeSetState n;
      try {
        n = nested(child, c.logicalId(), props, parent, root, capabilities);
      } catch (CloudException e) {
        throw new CloudException(
            e.code(),
            "Nested stack " + c.logicalId() + " (" + child.name + "): " + e.getMessage(),
            false);
      }
      out.add(
          new ResourceChange(
              c.action(),
              c.logicalId(),
              c.physicalId(),
              c.resourceType(),
              c.replacement(),
              c.scope(),
              c.details(),
              n.id));
    }
    return out;
  }

  private ChangeSetState nested(
      StackState child,
      String logicalId,
      ObjectNode props,
      ChangeSetState parent,
      ChangeSetState root,
      Set<String> capabilities) {
    if (!child.status.updatable()) {
      throw ApiErrors.validation(
          "Stack:" + child.id + " is in " + child.status + " state and can not be updated.");
    }
    if (Unknowns.in(props.path("TemplateURL"))) {
      throw ApiErrors.validation(
          "the TemplateURL of a nested stack depends on a resource this update changes");
    }
    ObjectNode known = props.deepCopy();
    if (known.get("Parameters") instanceof ObjectNode params) {
      for (String key : List.copyOf(iterable(params))) {
        if (!Unknowns.in(params.get(key))) {
          continue;
        }
        if (engine.unknownSiblingOutputs && fromSiblingOutputs(params.get(key), parent)) {
          params.set(key, Unknowns.ofParameter(key));
        } else if (child.parameters().containsKey(key)) {
          params.put(key, child.parameters().get(key));
        }
      }
    }
    TemplateInstance target =
        engine.nestedTemplates.load(
            known, child.parameters(), capabilities, engine.identity(child.name, child.id));
    String suffix = engine.ctx.ids().suffix(12);
    String head = root.name + "-" + logicalId;
    int room = 128 - suffix.length() - 1;
    String name = (head.length() > room ? head.substring(0, room) : head) + "-" + suffix;
    ChangeSetState n =
        new ChangeSetState(
            changeSetId(name),
            name,
            ChangeSetType.UPDATE,
            target,
            NestedTemplates.tags(parent.tags, known));
    n.capabilities = capabilities;
    n.includeNested = true;
    n.parentId = parent.id;
    n.rootId = root.id;
    child.changeSets.put(n.name, n);
    root.nested.add(n);
    n.changes = nest(child, n, root, ChangeSetPlanner.planned(child, target), capabilities);
    return n;
  }

  /**
   * Whether a parameter value reads another nested stack's outputs (Fn::GetAtt Sibling.Outputs.X):
   * AWS's nested change sets leave such a value unknown, changed or not.
   */
  private static boolean fromSiblingOutputs(JsonNode value, ChangeSetState parent) {
    for (String entity : Unknowns.entities(value)) {
      int dot = entity.indexOf(".Outputs.");
      ResourceDecl sibling = dot < 0 ? null : parent.target.decl(entity.substring(0, dot));
      if (sibling != null && sibling.type().equals(StackEngine.STACK_TYPE)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> iterable(ObjectNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Drops a root's nested change sets from their stacks (failed, deleted). */
  private void forgetNested(ChangeSetState root) {
    for (ChangeSetState n : root.nested) {
      for (StackState s : engine.allStacks()) {
        s.changeSets.remove(n.name, n);
      }
    }
  }

  private String body(ChangeSetRequest req, StackState existing) {
    if (req.templateBody() != null) {
      if (req.templateBody().getBytes(StandardCharsets.UTF_8).length > MAX_INLINE_BYTES) {
        throw ApiErrors.validation(
            "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to "
                + MAX_INLINE_BYTES);
      }
      return req.templateBody();
    }
    if (req.templateUrl() != null) {
      String body = s3.read(req.templateUrl());
      if (body.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES) {
        throw ApiErrors.validation("Template may not exceed " + MAX_URL_BYTES + " bytes in size.");
      }
      return body;
    }
    if (existing == null || existing.current == null) {
      throw ApiErrors.validation(
          "UsePreviousTemplate can only be used with an existing stack that has a template");
    }
    return existing.current.template().body();
  }

  static void capabilities(ParsedTemplate t, Set<String> given) {
    boolean iam = false;
    boolean named = false;
    for (ResourceDecl r : t.resources().values()) {
      if (IAM_TYPES.contains(r.type())) {
        iam = true;
        String nameProperty = NAME_PROPERTIES.get(r.type());
        named |= nameProperty != null && r.properties().has(nameProperty);
      }
    }
    String needed = named ? "CAPABILITY_NAMED_IAM" : iam ? "CAPABILITY_IAM" : null;
    boolean ok =
        needed == null
            || given.contains(needed)
            || (!named && given.contains("CAPABILITY_NAMED_IAM"));
    if (!ok) {
      throw new CloudException(
          "InsufficientCapabilitiesException", "Requires capabilities : [" + needed + "]", false);
    }
  }

  ChangeSet describe(String stackName, String changeSetName) {
    StackState s = stackOf(stackName, changeSetName);
    ChangeSetState cs = find(s, changeSetName);
    return cs.view(s.name, s.status.inProgress() && s.status != StackStatus.REVIEW_IN_PROGRESS);
  }

  void execute(String stackName, String changeSetName) {
    StackState s = stackOf(stackName, changeSetName);
    ChangeSetState cs = find(s, changeSetName);
    rootOnly(cs, "executed");
    boolean creating =
        cs.type == ChangeSetType.CREATE
            || cs.type == ChangeSetType.IMPORT && s.status == StackStatus.REVIEW_IN_PROGRESS;
    if (creating ? s.status != StackStatus.REVIEW_IN_PROGRESS : !s.status.updatable()) {
      throw ApiErrors.validation(
          "Stack:" + s.id + " is in " + s.status + " state and can not be updated.");
    }
    if (!cs.execution.equals("AVAILABLE")) {
      throw new CloudException(
          "InvalidChangeSetStatus",
          "ChangeSet ["
              + cs.id
              + "] cannot be executed in its current execution status of ["
              + cs.execution
              + "]",
          false);
    }
    cs.execution = "EXECUTE_IN_PROGRESS";
    // Executing a change set deletes the stack's other change sets: they no longer apply.
    s.changeSets.values().removeIf(other -> other != cs);
    // Its nested change sets are what its nested stacks' updates will do.
    for (ChangeSetState n : cs.nested) {
      n.execution = "EXECUTE_IN_PROGRESS";
      for (StackState child : engine.allStacks()) {
        if (child.changeSets.get(n.name) == n) {
          child.changeSets.values().removeIf(other -> other != n);
        }
      }
    }
    if (cs.type == ChangeSetType.IMPORT) {
      new ImportOperation(engine).execute(s, cs);
    } else if (creating) {
      engine.operations.create(s, cs);
    } else {
      engine.operations.update(s, cs);
    }
  }

  void delete(String stackName, String changeSetName) {
    StackState s = stackOf(stackName, changeSetName);
    ChangeSetState cs = find(s, changeSetName);
    rootOnly(cs, "deleted");
    if (cs.execution.equals("EXECUTE_IN_PROGRESS")) {
      throw new CloudException(
          "InvalidChangeSetStatus", "Cannot delete ChangeSet in status EXECUTE_IN_PROGRESS", false);
    }
    s.changeSets.remove(cs.name);
    forgetNested(cs);
  }

  /**
   * "You must execute or delete nested change sets from the root change set" (Change sets for
   * nested stacks); the error's wording is the model's.
   */
  private static void rootOnly(ChangeSetState cs, String verb) {
    if (cs.rootId != null) {
      throw ApiErrors.validation(
          "ChangeSet ["
              + cs.id
              + "] is a nested change set: it can only be "
              + verb
              + " through its root change set ["
              + cs.rootId
              + "]");
    }
  }

  private StackState stackOf(String stackName, String changeSetName) {
    if (stackName == null && changeSetName.startsWith("arn:")) {
      return engine.allStacks().stream()
          .filter(s -> s.changeSets.values().stream().anyMatch(c -> c.id.equals(changeSetName)))
          .findFirst()
          .orElseThrow(() -> notFound(changeSetName));
    }
    return engine.find(stackName).orElseThrow(() -> notFound(changeSetName));
  }

  private static ChangeSetState find(StackState s, String nameOrId) {
    for (ChangeSetState cs : s.changeSets.values()) {
      if (cs.name.equals(nameOrId) || cs.id.equals(nameOrId)) {
        return cs;
      }
    }
    throw notFound(nameOrId);
  }

  private static CloudException notFound(String changeSet) {
    return new CloudException(
        "ChangeSetNotFound", "ChangeSet [" + changeSet + "] does not exist", false);
  }

  static void name(String value, String member) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApiErrors.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]* (at most 128 characters)");
    }
  }
}
