package dev.statefulcluster.synth.nodescript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * node-env builds node.env from the node's own values and the cluster's, as cfn-init runs it at
 * boot and cfn-hup runs it when the cluster's values change; the reload command runs once per
 * change. Needs no root.
 */
class NodeEnvTest {
  static final String VOL = "vol-0123456789abcdef0";

  @TempDir Path tmp;
  Sandbox box;
  Path dir;
  Path reload;
  Path count;

  @BeforeEach
  void setUp() throws IOException {
    Host.assumeTools("dash", "bash");
    box = new Sandbox(tmp);
    dir = box.envDir();
    count = tmp.resolve("reloads");
    reload =
        Files.writeString(
            tmp.resolve("reload.sh"), "echo x >> " + count + "\n. " + dir + "/node.env\n");
  }

  @AfterEach
  void tearDown() {
    if (box != null) {
      box.close();
    }
  }

  private Host.Result nodeEnv(Shell shell, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "node-env";
    System.arraycopy(args, 0, all, 1, args.length);
    return box.run(shell, all);
  }

  private void cluster(String addresses) throws IOException {
    Files.writeString(
        dir.resolve("cluster.env"),
        "CLUSTER_NAME=demo\nCLUSTER_ADDRESSES=" + addresses + "\nDATA_DIR=/data\n");
  }

  private int reloads() throws IOException {
    return Files.exists(count) ? Files.readAllLines(count).size() : 0;
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void bootWritesNodeEnvThenAChangeRewritesItAndReloadsOnce(Shell shell) throws IOException {
    // boot: identity first (cluster.env not yet written), then the cluster's values
    Host.Result r = nodeEnv(shell, "--node", "2", "--volume-id", VOL, "--ip", "10.0.1.11");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(dir.resolve("node.env")).doesNotExist();
    cluster("10.0.1.10,10.0.1.11");
    r = nodeEnv(shell, "--reload", reload.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(dir.resolve("node.env"))
        .hasContent(
            "NODE_NAME=node2\nNODE_NUMBER=2\nNODE_IP=10.0.1.11\nVOLUME_ID="
                + VOL
                + "\nCLUSTER_NAME=demo\nCLUSTER_ADDRESSES=10.0.1.10,10.0.1.11\nDATA_DIR=/data");
    assertThat(reloads()).as("the first node.env is no change").isZero();

    // a node added: cfn-hup rewrites cluster.env and runs node-env
    cluster("10.0.1.10,10.0.1.11,10.0.1.12");
    r = nodeEnv(shell, "--reload", reload.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readString(dir.resolve("node.env")))
        .contains("CLUSTER_ADDRESSES=10.0.1.10,10.0.1.11,10.0.1.12\n");
    assertThat(reloads()).isEqualTo(1);

    // the same values again (a rollback, a retried hook): no reload
    r = nodeEnv(shell, "--reload", reload.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(reloads()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void aFailedReloadRunsAgainNextTimeEvenWithNothingChanged(Shell shell) throws IOException {
    nodeEnv(shell, "--node", "1", "--volume-id", VOL, "--ip", "10.0.1.10");
    cluster("10.0.1.10");
    nodeEnv(shell);
    Path failing = Files.writeString(tmp.resolve("fail.sh"), "echo x >> " + count + "\nexit 3\n");
    cluster("10.0.1.10,10.0.1.11");

    Host.Result r = nodeEnv(shell, "--reload", failing.toString());
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).contains("reload: " + failing + " failed (exit 3)");
    r = nodeEnv(shell, "--reload", reload.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(reloads()).isEqualTo(2);
    r = nodeEnv(shell, "--reload", reload.toString());
    assertThat(reloads()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void malformedIdentityIsRefusedNamingTheOption(Shell shell) {
    assertThat(nodeEnv(shell, "--node", "0", "--volume-id", VOL, "--ip", "10.0.1.1").err())
        .contains("--node '0' must be a node number");
    assertThat(nodeEnv(shell, "--node", "1", "--volume-id", VOL, "--ip", "10.0.1.256").err())
        .contains("--ip '10.0.1.256' must be an IPv4 address");
    assertThat(nodeEnv(shell, "--node", "1", "--volume-id", "vol-x", "--ip", "10.0.1.1").exit())
        .isEqualTo(2);
    assertThat(nodeEnv(shell, "--node", "1").err()).contains("go together");
  }
}
