package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A resource's {@code CreationPolicy.ResourceSignal}: how many SUCCESS signals CloudFormation waits
 * for, and for how long, whenever it creates the resource (replacements and re-created conditional
 * resources included). Count defaults to 1, Timeout to PT5M, at most PT12H.
 */
record ResourceSignal(int count, Duration timeout) {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  static final Duration MAX_TIMEOUT = Duration.ofHours(12);

  /** The policy's ResourceSignal, or null when the resource waits for no signal. */
  static ResourceSignal of(String logicalId, JsonNode creationPolicy) {
    if (creationPolicy == null || !creationPolicy.has("ResourceSignal")) {
      return null;
    }
    JsonNode signal = creationPolicy.get("ResourceSignal");
    int count = signal.has("Count") ? parseCount(logicalId, signal.get("Count").asText()) : 1;
    Duration timeout = DEFAULT_TIMEOUT;
    if (signal.has("Timeout")) {
      String text = signal.get("Timeout").asText();
      try {
        timeout = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw ApiErrors.validation(
            "Invalid CreationPolicy Timeout '"
                + text
                + "' for resource "
                + logicalId
                + ": use an ISO 8601 duration such as PT15M");
      }
      if (timeout.compareTo(MAX_TIMEOUT) > 0 || timeout.isNegative()) {
        throw ApiErrors.validation(
            "CreationPolicy Timeout of resource "
                + logicalId
                + " is "
                + text
                + "; the maximum is PT12H");
      }
    }
    return new ResourceSignal(count, timeout);
  }

  private static int parseCount(String logicalId, String text) {
    try {
      int count = Integer.parseInt(text);
      if (count >= 1) {
        return count;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiErrors.validation(
        "CreationPolicy Count of resource "
            + logicalId
            + " must be a positive integer, not "
            + text);
  }
}
