package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One resource operation in flight. Providers report through it; each report is delivered as a
 * clock event at the current instant (never inside the provider's call), and not at all once the
 * operation was cancelled. The physical id is kept at once, so that a cancelled creation still
 * knows what it created and a rollback can delete it.
 */
final class Op implements ResourceProvider.OpHandle {

  /** What an operation does to its resource. */
  enum Kind {
    CREATE,
    REPLACE,
    MODIFY,
    METADATA,
    RESTORE,
    DELETE
  }

  /** Receives an operation's reports. */
  interface Listener {
    void initiated(Op op);

    void succeeded(Op op);

    void failed(Op op, String reason);

    /** A cfn-signal for the resource arrived. */
    default void signalled(Op op, String uniqueId, boolean success) {}
  }

  final String logicalId;
  final Kind kind;
  final ObjectNode properties;
  final JsonNode metadata;
  private final SimClock clock;
  private final Listener listener;
  String physicalId;
  Map<String, JsonNode> attributes = Map.of();
  boolean provisioned;
  int signalsNeeded;
  int signalsReceived;
  SimClock.Scheduled timeout;
  private boolean cancelled;
  private final List<Runnable> onCancel = new ArrayList<>();

  Op(
      String logicalId,
      Kind kind,
      ObjectNode properties,
      JsonNode metadata,
      SimClock clock,
      Listener listener) {
    this.logicalId = logicalId;
    this.kind = kind;
    this.properties = properties;
    this.metadata = metadata;
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public void initiated(String physicalId) {
    this.physicalId = physicalId;
    later(() -> listener.initiated(this));
  }

  @Override
  public void succeeded(Map<String, JsonNode> attributes) {
    later(
        () -> {
          this.attributes = attributes;
          this.provisioned = true;
          listener.succeeded(this);
        });
  }

  @Override
  public void failed(String reason) {
    later(() -> listener.failed(this, reason));
  }

  /** Delivers a cfn-signal (SignalResource) for this operation's resource. */
  void signal(String uniqueId, boolean success) {
    later(() -> listener.signalled(this, uniqueId, success));
  }

  /** No report is delivered from now on, and the signal timeout (if any) stops. */
  void cancel() {
    cancelled = true;
    stopTimer();
    onCancel.forEach(Runnable::run);
  }

  @Override
  public void whenCancelled(Runnable action) {
    onCancel.add(action);
  }

  void stopTimer() {
    if (timeout != null) {
      timeout.cancel();
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  void later(Runnable report) {
    clock.schedule(
        Duration.ZERO,
        () -> {
          if (!cancelled) {
            report.run();
          }
        });
  }
}
