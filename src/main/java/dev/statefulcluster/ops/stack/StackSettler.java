package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Progress;
import java.util.List;
import java.util.Optional;

/**
 * Brings a stack to where an operation can start, whatever an earlier run left behind: waits for an
 * operation in progress (the tool may have been killed), removes the empty stack a failed create
 * leaves, continues a rollback that stopped. Returns the stack, or empty when there is none to
 * update.
 */
public final class StackSettler {
  private final Cloud cloud;
  private final StackWatcher watcher;
  private final Progress progress;

  public StackSettler(Cloud cloud, StackWatcher watcher, Progress progress) {
    this.cloud = cloud;
    this.watcher = watcher;
    this.progress = progress;
  }

  public Optional<Stack> settle(String name) throws InterruptedException {
    for (int round = 0; round < 5; round++) {
      Optional<Stack> found = cloud.stacks().describeStack(name);
      if (found.isEmpty()) {
        return found;
      }
      Stack stack = found.get();
      StackStatus status = stack.status();
      if (status == StackStatus.REVIEW_IN_PROGRESS) {
        return Optional.empty();
      }
      if (status.inProgress()) {
        progress.line("%s is %s: waiting for CloudFormation to finish", name, status);
        watcher.watch(name, watcher.mark(name), 0);
        continue;
      }
      if (status == StackStatus.ROLLBACK_COMPLETE) {
        progress.line(
            "%s is ROLLBACK_COMPLETE: its creation failed and left an empty stack;"
                + " deleting it before creating again",
            name);
        String mark = watcher.mark(name);
        cloud.stacks().setTerminationProtection(name, false);
        cloud.stacks().deleteStack(name);
        // By id: once deleted, the stack is no longer known by its name.
        watcher.watch(stack.id(), mark, 0);
        continue;
      }
      if (status == StackStatus.UPDATE_ROLLBACK_FAILED) {
        progress.line("%s is UPDATE_ROLLBACK_FAILED: continuing the rollback", name);
        String mark = watcher.mark(name);
        cloud.stacks().continueUpdateRollback(name, List.of());
        StackWatcher.Outcome outcome = watcher.watch(name, mark, 0);
        if (outcome
            .stack()
            .map(s -> s.status() == StackStatus.UPDATE_ROLLBACK_FAILED)
            .orElse(false)) {
          throw OpsException.failed(
              name
                  + " cannot finish its rollback:"
                  + outcome.reasons()
                  + "\nfix the cause, or skip the resources with 'aws cloudformation"
                  + " continue-update-rollback --resources-to-skip'");
        }
        continue;
      }
      if (!status.updatable()) {
        throw OpsException.refused(
            name + " is " + status + "; it cannot be updated (" + stack.statusReason() + ")");
      }
      return found;
    }
    throw OpsException.failed(name + " did not settle; check it in the CloudFormation console");
  }
}
