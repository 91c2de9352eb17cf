package dev.statefulcluster.spec;

/**
 * The data volume every node gets. {@code iops}, {@code throughput}, {@code kmsKey} may be null.
 */
public record VolumeSpec(
    int size,
    VolumeType type,
    Integer iops,
    Integer throughput,
    boolean encrypted,
    String kmsKey,
    String device,
    Filesystem filesystem,
    String mountPoint) {}
