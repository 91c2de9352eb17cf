package dev.statefulcluster.cloud;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateChangeSet's input. Exactly one of {@code templateBody}, {@code templateUrl} or {@code
 * usePreviousTemplate} says where the template comes from. {@code includeNestedStacks} asks for a
 * nested change set for every nested stack of the hierarchy (CloudFormation's IncludeNestedStacks),
 * so that what an update does inside each child can be read before it is executed. {@code tags} are
 * the stack's tags as CreateChangeSet takes them: null keeps the stack's tags, an empty map removes
 * them all. {@code resourcesToImport} is what an IMPORT change set brings into the stack (empty for
 * every other type, and never empty for IMPORT).
 */
public record ChangeSetRequest(
    String stackName,
    String changeSetName,
    ChangeSetType type,
    String templateBody,
    String templateUrl,
    boolean usePreviousTemplate,
    List<Parameter> parameters,
    Set<String> capabilities,
    Map<String, String> tags,
    String description,
    boolean includeNestedStacks,
    List<ResourceToImport> resourcesToImport) {

  public ChangeSetRequest {
    int sources =
        (templateBody != null ? 1 : 0)
            + (templateUrl != null ? 1 : 0)
            + (usePreviousTemplate ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException(
          "exactly one of templateBody, templateUrl, usePreviousTemplate, not " + sources);
    }
    parameters = List.copyOf(parameters);
    capabilities = Set.copyOf(capabilities);
    tags = tags == null ? null : Map.copyOf(tags);
    resourcesToImport = List.copyOf(resourcesToImport);
    if ((type == ChangeSetType.IMPORT) == resourcesToImport.isEmpty()) {
      throw new IllegalArgumentException(
          "resources to import go with an IMPORT change set, and only with one");
    }
  }

  /** A request that imports nothing. */
  public ChangeSetRequest(
      String stackName,
      String changeSetName,
      ChangeSetType type,
      String templateBody,
      String templateUrl,
      boolean usePreviousTemplate,
      List<Parameter> parameters,
      Set<String> capabilities,
      Map<String, String> tags,
      String description,
      boolean includeNestedStacks) {
    this(
        stackName,
        changeSetName,
        type,
        templateBody,
        templateUrl,
        usePreviousTemplate,
        parameters,
        capabilities,
        tags,
        description,
        includeNestedStacks,
        List.of());
  }

  /** A request without nested change sets. */
  public ChangeSetRequest(
      String stackName,
      String changeSetName,
      ChangeSetType type,
      String templateBody,
      String templateUrl,
      boolean usePreviousTemplate,
      List<Parameter> parameters,
      Set<String> capabilities,
      Map<String, String> tags,
      String description) {
    this(
        stackName,
        changeSetName,
        type,
        templateBody,
        templateUrl,
        usePreviousTemplate,
        parameters,
        capabilities,
        tags,
        description,
        false);
  }

  /** A request for this stack and change set name, the rest said by name on the builder. */
  public static Builder builder(String stackName, String changeSetName) {
    return new Builder(stackName, changeSetName);
  }

  /**
   * Names what the twelve components mean where a request is made: the template source is one call
   * ({@link #body}, {@link #url} or {@link #previousTemplate}), the rest default to nothing.
   */
  public static final class Builder {
    private final String stackName;
    private final String changeSetName;
    private ChangeSetType type = ChangeSetType.UPDATE;
    private String templateBody;
    private String templateUrl;
    private boolean usePreviousTemplate;
    private List<Parameter> parameters = List.of();
    private Set<String> capabilities = Set.of();
    private Map<String, String> tags;
    private String description;
    private boolean includeNestedStacks;
    private List<ResourceToImport> resourcesToImport = List.of();

    private Builder(String stackName, String changeSetName) {
      this.stackName = stackName;
      this.changeSetName = changeSetName;
    }

    public Builder type(ChangeSetType type) {
      this.type = type;
      return this;
    }

    public Builder body(String templateBody) {
      this.templateBody = templateBody;
      return this;
    }

    public Builder url(String templateUrl) {
      this.templateUrl = templateUrl;
      return this;
    }

    public Builder previousTemplate() {
      this.usePreviousTemplate = true;
      return this;
    }

    public Builder parameters(List<Parameter> parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder capabilities(Set<String> capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    /** The stack's tags; null (the default) keeps them as they are. */
    public Builder tags(Map<String, String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** IncludeNestedStacks: a nested change set for every nested stack. */
    public Builder includeNestedStacks(boolean include) {
      this.includeNestedStacks = include;
      return this;
    }

    /** An IMPORT change set bringing these resources into the stack (sets the type too). */
    public Builder resourcesToImport(List<ResourceToImport> resources) {
      this.type = ChangeSetType.IMPORT;
      this.resourcesToImport = resources;
      return this;
    }

    public ChangeSetRequest build() {
      return new ChangeSetRequest(
          stackName,
          changeSetName,
          type,
          templateBody,
          templateUrl,
          usePreviousTemplate,
          parameters,
          capabilities,
          tags,
          description,
          includeNestedStacks,
          resourcesToImport);
    }
  }
}
