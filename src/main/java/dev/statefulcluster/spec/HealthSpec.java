package dev.statefulcluster.spec;

import java.time.Duration;

/**
 * How a node proves it is up: CloudFormation waits {@code signalTimeout} for its signal, which is
 * sent once {@code command} (null: none) succeeds on the node.
 */
public record HealthSpec(Duration signalTimeout, String command) {}
