package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values on the command line that can never be right are refused here, with exit 2 and one line,
 * before anything is read from or sent to AWS ({@link CliRun#run(String...)} fails a test that
 * reaches it); files are never overwritten by what was made from them.
 */
class CommandLineValuesTest {
  static final String THOUSAND = "src/test/resources/nested/thousand-nodes.yaml";

  @TempDir Path dir;

  private static void usage(CliRun run, String line) {
    assertThat(run.err()).isEqualTo(line + "\n");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void synthDoesNotWriteTheTemplateOverTheClusterFile() throws Exception {
    Path file = dir.resolve("kafka.yaml");
    String yaml = Files.readString(Path.of("examples/kafka.yaml"));
    Files.writeString(file, yaml);

    CliRun run = CliRun.run("synth", file.toString(), "-o", dir.resolve("./kafka.yaml").toString());

    usage(
        run,
        "error: -o "
            + dir.resolve("./kafka.yaml")
            + " is the cluster file itself: the template would overwrite it; name another file");
    assertThat(Files.readString(file)).isEqualTo(yaml);
  }

  @Test
  void nestedTemplatesOntoAFileOrABadPathSayWhyWithoutJava() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "mine\n");

    usage(
        CliRun.run("synth", THOUSAND, "-o", file.toString()),
        "error: -o "
            + file
            + " is a file; a cluster over several stacks writes its templates into a directory"
            + " (created if missing): name one");
    assertThat(Files.readString(file)).isEqualTo("mine\n");
    usage(
        CliRun.run("synth", THOUSAND, "-o", file.resolve("sub").toString()),
        "error: cannot create directory -o " + file.resolve("sub") + ": Not a directory");
  }

  @Test
  void aClusterNameThatCanNeverBeOneIsRefusedByEveryCommandThatTakesOne() {
    String complaint =
        "'a; rm -rf /' is not a cluster name (expected 2 to 32 lower-case letters, digits and"
            + " hyphens, starting with a letter and not ending with a hyphen)";
    for (String command :
        new String[] {"status", "roll", "replace", "grow", "snapshot", "destroy"}) {
      usage(
          CliRun.run(command, "a; rm -rf /"),
          "error: Invalid value for positional parameter at index 0 (NAME): "
              + complaint
              + "; see 'stateful-cluster "
              + command
              + " --help'");
    }
  }

  @Test
  void sizesAndNodeNumbersOutOfTheirRangeAreRefused() {
    usage(
        CliRun.run("grow", "kafka-prod", "--size", "0"),
        "error: Invalid value for option '--size': 0 is not a size in GiB (1 to 65536); see"
            + " 'stateful-cluster grow --help'");
    usage(
        CliRun.run("grow", "kafka-prod", "--iops", "-3"),
        "error: Invalid value for option '--iops': -3 is not a number of IOPS (1 to 1000000);"
            + " see 'stateful-cluster grow --help'");
    usage(
        CliRun.run("roll", "kafka-prod", "--nodes", "1,0"),
        "error: Invalid value for option '--nodes' (N[,N…]): 0 is not a node number"
            + " (1 to 1000); see 'stateful-cluster roll --help'");
    usage(
        CliRun.run("roll", "kafka-prod", "--tcp", "70000"),
        "error: Invalid value for option '--tcp': 70000 is not a port (1 to 65535); see"
            + " 'stateful-cluster roll --help'");
  }

  @Test
  void aNodeListedTwiceIsRefused() {
    usage(
        CliRun.run("roll", "kafka-prod", "--nodes", "1,3,1"),
        "error: --nodes lists node1 twice; list each node once");
    usage(
        CliRun.run("grow", "kafka-prod", "--size", "300", "--nodes", "2,2"),
        "error: --nodes lists node2 twice; list each node once");
  }

  @Test
  void aHealthTimeoutThatIsNoTimeIsRefused() {
    usage(
        CliRun.run("roll", "kafka-prod", "--health-timeout", "0s"),
        "error: Invalid value for option '--health-timeout': '0s' is not a duration of 1s to 12h"
            + " such as 10m; see 'stateful-cluster roll --help'");
    usage(
        CliRun.run("deploy", "c.yaml", "--health-timeout", "soon"),
        "error: Invalid value for option '--health-timeout': 'soon' is not a duration of 1s to"
            + " 12h such as 10m; see 'stateful-cluster deploy --help'");
  }

  @Test
  void anEmptyHealthCheckThatWouldPassEveryNodeIsRefused() {
    usage(
        CliRun.run("roll", "kafka-prod", "--health-check", " "),
        "error: Invalid value for option '--health-check': an empty command passes every node at"
            + " once; write one that exits 0 once the node serves, such as 'nc -z \"$NODE_IP\""
            + " 9092'; see 'stateful-cluster roll --help'");
  }

  @Test
  void aSnapshotTagAwsWouldRefuseIsRefusedHere() {
    usage(
        CliRun.run("snapshot", "kafka-prod", "--tag", "aws:x=y"),
        "error: Invalid value for option '--tag' (KEY=VALUE): 'aws:x': tag keys starting with"
            + " aws: are reserved by AWS; see 'stateful-cluster snapshot --help'");
    usage(
        CliRun.run("snapshot", "kafka-prod", "--tag", "Name=x"),
        "error: Invalid value for option '--tag' (KEY=VALUE): 'Name' is set by stateful-cluster"
            + " itself; choose another key; see 'stateful-cluster snapshot --help'");
    usage(
        CliRun.run("snapshot", "kafka-prod", "--tag", "team=a;b"),
        "error: Invalid value for option '--tag' (KEY=VALUE): 'a;b': tag values are up to 256"
            + " letters, digits, spaces and _.:/=+-@; see 'stateful-cluster snapshot --help'");
  }

  @Test
  void aSnapshotListWithAnEmptyOrBadEntryIsRefused() {
    usage(
        CliRun.run("deploy", "c.yaml", "--from-snapshots", "snap-zz,,"),
        "error: Invalid value for option '--from-snapshots': 'snap-zz,,': 'snap-zz' is not a"
            + " snapshot id (expected snap- and 8 or 17 hex digits); see 'stateful-cluster deploy"
            + " --help'");
    usage(
        CliRun.run("plan", "c.yaml", "--from-snapshots", "snap-0123456789abcdef0,,"),
        "error: Invalid value for option '--from-snapshots': 'snap-0123456789abcdef0,,': entry 2"
            + " is empty; list one snapshot id per node, in node order, separated by commas; see"
            + " 'stateful-cluster plan --help'");
    usage(
        CliRun.run("deploy", "c.yaml", "--from-snapshots", "my set;"),
        "error: Invalid value for option '--from-snapshots': 'my set;' is neither snapshot ids"
            + " (snap-…,snap-…) nor the name of a snapshot set (a tag value: up to 256 letters,"
            + " digits, spaces and _.:/=+-@); see 'stateful-cluster deploy --help'");
  }

  @Test
  void aBucketNameS3WouldRefuseIsRefusedHere() {
    usage(
        CliRun.run("deploy", "c.yaml", "--s3-bucket", "s3://my-bucket"),
        "error: Invalid value for option '--s3-bucket': 's3://my-bucket' is not an S3 bucket name"
            + " (3 to 63 lower-case letters, digits, dots and hyphens); see 'stateful-cluster"
            + " deploy --help'");
  }
}
