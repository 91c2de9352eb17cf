package dev.statefulcluster.cloud;

import java.util.Map;

/**
 * One entry of an IMPORT change set's ResourcesToImport: the template's logical id and type, and
 * the resource's identifier, keyed by the type's identifier property (its schema's
 * primaryIdentifier: {@code Id} for an AWS::EC2::NetworkInterface, {@code VolumeId}, {@code
 * InstanceId}, {@code AlarmName}, {@code StackId} for an AWS::CloudFormation::Stack).
 */
public record ResourceToImport(
    String resourceType, String logicalResourceId, Map<String, String> resourceIdentifier) {

  public ResourceToImport {
    if (resourceType == null || logicalResourceId == null || resourceIdentifier == null) {
      throw new IllegalArgumentException("resource type, logical id and identifier are required");
    }
    resourceIdentifier = Map.copyOf(resourceIdentifier);
  }

  /** A resource whose type is identified by one property. */
  public static ResourceToImport of(
      String resourceType, String logicalResourceId, String property, String value) {
    return new ResourceToImport(resourceType, logicalResourceId, Map.of(property, value));
  }
}
