package dev.statefulcluster.cloud;

import java.time.Instant;

/** A resource of a stack as ListStackResources reports it. */
public record StackResource(
    String logicalId,
    String physicalId,
    String resourceType,
    String status,
    String reason,
    Instant lastUpdated) {}
