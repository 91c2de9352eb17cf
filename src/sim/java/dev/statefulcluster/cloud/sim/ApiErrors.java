package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;

/** The errors the model raises, worded as AWS words them where the wording is known. */
final class ApiErrors {
  private ApiErrors() {}

  static CloudException validation(String message) {
    return CloudException.validation(message);
  }

  /** A structural problem of the template, reported by CreateChangeSet. */
  static CloudException format(String message) {
    return validation("Template format error: " + message);
  }

  /** A problem found while evaluating the template's functions. */
  static CloudException template(String message) {
    return validation("Template error: " + message);
  }

  /** An error of a service CloudFormation calls (EC2, IAM), with its AWS error code. */
  static CloudException service(String code, String message) {
    return new CloudException(code, message, false);
  }

  /** How CloudFormation reports a service error in a resource's status reason. */
  static String asReason(CloudException e, String service) {
    if (e.code().equals("ValidationError")) {
      return e.getMessage();
    }
    return e.getMessage()
        + " (Service: "
        + service
        + "; Status Code: 400; Error Code: "
        + e.code()
        + ")";
  }

  static CloudException stackNotFound(String name) {
    return validation("Stack with id " + name + " does not exist");
  }
}
