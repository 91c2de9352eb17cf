package dev.statefulcluster.ops.cluster;

import dev.statefulcluster.synth.NodeSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one update that moves instances leaves deployed: NodeDown's value, every node's AMI, and,
 * when instances are rolled to a cluster file's settings, every node's launch settings ({@code
 * settings} null otherwise) and the previous shape's user data still kept on running instances.
 * Nothing else of the cluster changes in such an update.
 */
public record ClusterStep(
    String description,
    String downValue,
    Map<Integer, String> images,
    Map<Integer, NodeSettings> settings,
    Map<Integer, Object> launched) {

  public ClusterStep {
    images = new TreeMap<>(images);
    settings = settings == null ? null : new TreeMap<>(settings);
    launched = new TreeMap<>(launched);
  }
}
