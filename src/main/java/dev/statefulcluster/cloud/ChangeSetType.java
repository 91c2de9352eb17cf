package dev.statefulcluster.cloud;

public enum ChangeSetType {
  CREATE,
  UPDATE
}
