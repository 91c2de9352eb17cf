package dev.statefulcluster.cloud;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateChangeSet's input. Exactly one of {@code templateBody}, {@code templateUrl} or {@code
 * usePreviousTemplate} says where the template comes from.
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
    String description) {

  public ChangeSetRequest {
    int sources =
        (templateBody != null ? 1 : 0) + (templateUrl != null ? 1 : 0) + (usePreviousTemplate ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException(
          "exactly one of templateBody, templateUrl, usePreviousTemplate, not " + sources);
    }
    parameters = List.copyOf(parameters);
    capabilities = Set.copyOf(capabilities);
    tags = Map.copyOf(tags);
  }
}
