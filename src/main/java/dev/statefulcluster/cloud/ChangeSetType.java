package dev.statefulcluster.cloud;

/**
 * CreateChangeSet's ChangeSetType. IMPORT brings resources that exist outside any stack into a new
 * or an existing stack (ResourcesToImport); it creates, updates and deletes nothing.
 */
public enum ChangeSetType {
  CREATE,
  UPDATE,
  IMPORT
}
