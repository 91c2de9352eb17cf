package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.stack.ChangeSets;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Why roll exists, on the template synth makes: changing a running node's AMI in place fails in the
 * model as on AWS (the new instance cannot take the interface the old one holds), and the verdict
 * refuses such a change set before it runs.
 */
class InPlaceReplacementTest {
  static final String NAME = "inplace";
  final SimWorld world = new SimWorld();

  @Test
  void anAmiChangedInPlaceDeadlocksOnTheInterfaceAndRollsBack() throws Exception {
    world.deploy(SimWorld.counted(NAME, 2, ""));
    Map<String, String> durable = world.durableIds(NAME);
    List<Parameter> params = new ArrayList<>();
    world
        .stack(NAME)
        .parameters()
        .keySet()
        .forEach(
            k ->
                params.add(
                    k.equals("Node1Image")
                        ? Parameter.of(k, SimWorld.AMI_NEW)
                        : Parameter.previous(k)));
    ChangeSet cs =
        new ChangeSets(world.cloud, world.polling)
            .createAndDescribe(
                new ChangeSetRequest(
                    NAME,
                    "in-place",
                    ChangeSetType.UPDATE,
                    null,
                    null,
                    true,
                    params,
                    Set.of("CAPABILITY_IAM"),
                    Map.of(),
                    "the seed article's roll step"));

    assertThat(Verdict.of(cs).refusals())
        .singleElement()
        .asString()
        .startsWith("Node1Instance (node1's instance) would be replaced in place (ImageId)");

    StackWatcher watcher = new StackWatcher(world.cloud, world.polling, world.progress);
    String mark = watcher.mark(NAME);
    world.sim.stacks().executeChangeSet(NAME, "in-place");
    StackWatcher.Outcome outcome = watcher.watch(NAME, mark, 0);

    assertThat(outcome.stack().orElseThrow().status())
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(outcome.failures())
        .extracting(StackEvent::reason)
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .contains("Interface: [" + durable.get("Node1Eni") + "] in use."));
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    assertThat(world.stack(NAME).parameters()).containsEntry("Node1Image", SimWorld.AMI_OLD);
  }
}
