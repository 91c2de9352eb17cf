package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster file means what its YAML says, to every YAML reader: a value YAML 1.1 and YAML 1.2 read
 * differently, or one the tool would have to guess at, is refused with its line and the fix,
 * through the CLI with exit code 3. Each file is the ten valid lines of {@link #BASE} and the lines
 * a test adds, so that the line numbers in the expected messages can be counted.
 */
class YamlMeaningTest {
  /** Lines 1 to 10 of every file here: a valid cluster. */
  static final String BASE =
      String.join(
          "\n",
          "name: demo",
          "vpc: vpc-0123456789abcdef0",
          "instanceType: m6i.large",
          "image:",
          "  ami: ami-0123456789abcdef0",
          "nodes:",
          "  - subnet: subnet-0123456789abcdef0",
          "    availabilityZone: eu-west-1a",
          "volume:",
          "  size: 100",
          "");

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  /** validate of BASE and {@code more}: exit 3 and exactly these error lines, then the count. */
  private void refused(String more, String... errors) throws Exception {
    refusedText(BASE + more, errors);
  }

  private void refusedText(String text, String... errors) throws Exception {
    Path f = file(text);
    CliRun run = CliRun.run("validate", f.toString());
    StringBuilder expected = new StringBuilder();
    for (String e : errors) {
      expected.append(f).append(':').append(e).append('\n');
    }
    expected.append(errors.length == 1 ? "1 error" : errors.length + " errors").append('\n');
    assertThat(run.err()).isEqualTo(expected.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void yamlOneOneBooleansAreRefusedNotReadAsFalse() throws Exception {
    refused(
        "  encrypted: yes\nrecovery: on\n",
        "11: volume.encrypted: 'yes' means true to YAML 1.1 and is the text 'yes' to YAML 1.2;"
            + " write true or false",
        "12: recovery: 'on' means true to YAML 1.1 and is the text 'on' to YAML 1.2; write true or"
            + " false");
    refused(
        "  encrypted: No\n",
        "11: volume.encrypted: 'No' means false to YAML 1.1 and is the text 'No' to YAML 1.2;"
            + " write true or false");
  }

  @Test
  void theBooleansEveryYamlReaderAgreesOnAreReadAsTheParserReadsThem() throws Exception {
    Path f = file(BASE + "  encrypted: False\nrecovery: TRUE\n");

    CliRun run = CliRun.run("synth", f.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"Encrypted\": false").contains("AWS::CloudWatch::Alarm");
  }

  @Test
  void anIntegerWithALeadingZeroIsRefusedWithBothReadings() throws Exception {
    refusedText(
        BASE.replace("size: 100", "size: 0100") + "ports:\n  clients: [0443]\n",
        "10: volume.size: 0100 has a leading zero: YAML 1.1 reads it as the octal number 64,"
            + " YAML 1.2 as 100; write the number you mean without it",
        "12: ports.clients[0]: 0443 has a leading zero: YAML 1.1 reads it as the octal number 291,"
            + " YAML 1.2 as 443; write the number you mean without it");
  }

  @Test
  void integersInOtherNotationsAreRefusedWithTheirDecimalValue() throws Exception {
    refusedText(
        BASE.replace("size: 100", "size: 1_000")
            + "  iops: 0x1F40\nports:\n  members: [0b1010]\n  clients: [+9092]\n",
        "10: volume.size: 1_000 is not a plain decimal number, and YAML readers differ on such"
            + " forms (YAML 1.1 reads 1000); write 1000",
        "11: volume.iops: 0x1F40 is not a plain decimal number, and YAML readers differ on such"
            + " forms (YAML 1.1 reads 8000); write 8000",
        "13: ports.members[0]: 0b1010 is not a plain decimal number, and YAML readers differ on"
            + " such forms (YAML 1.1 reads 10); write 10",
        "14: ports.clients[0]: +9092 is not a plain decimal number, and YAML readers differ on"
            + " such forms (YAML 1.1 reads 9092); write 9092");
  }

  @Test
  void aYamlTagIsRefusedNotDropped() throws Exception {
    String tag =
        " is a YAML tag, which stateful-cluster does not resolve (CloudFormation's short forms"
            + " such as !Ref and !Sub mean nothing in a cluster file); write the value itself";
    refused(
        "keyPair: !Ref Key\n"
            + "bootstrap: !Sub 'echo ${AWS::Region}'\n"
            + "tags: !GetAtt\n"
            + "  team: ops\n"
            + "  !Custom owner: me\n"
            + "reload: ! 12\n",
        "11: keyPair: '!Ref'" + tag,
        "12: bootstrap: '!Sub'" + tag,
        "13: tags: '!GetAtt'" + tag,
        "15: tags.owner: '!Custom'" + tag,
        "16: reload: '!'" + tag);
  }

  @Test
  void yamlsOwnTypeTagsAreReadAsTheyAre() throws Exception {
    Path f = file(BASE + "keyPair: !!str 123\ntags:\n  n: !!int '12'\n");

    CliRun run = CliRun.run("synth", f.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"KeyName\": \"123\"");
  }

  @Test
  void aControlCharacterInATextValueIsRefusedBeforeItReachesTheNodesShell() throws Exception {
    refused(
        "health:\n  command: \"nc -z localhost 9092\\0; rm -rf /\"\nbootstrap: \"a\\tb\\nc\\rd\"\n",
        "12: health.command: holds the control character \\0 at character 21; write the value"
            + " without it (tabs and line breaks are the only ones a value may hold)",
        "13: bootstrap: holds the control character \\r at character 6; write the value without it"
            + " (tabs and line breaks are the only ones a value may hold)");
  }

  @Test
  void controlCharactersFromTheFileReachTheTerminalOnlyAsEscapes() throws Exception {
    refused(
        "iamPolicies: [\"\\e]0;owned\\a\\e[2J\\x9b1m\"]\n\"\\e[31mred\": 1\n",
        "11: iamPolicies[0]: '\\e]0;owned\\a\\e[2J\\x9B1m' is not a managed policy ARN (expected"
            + " arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/NAME)",
        "12: \\e[31mred: unknown field; known fields here: name, vpc, instanceType, image, keyPair,"
            + " nodes, volume, ports, clients, health, recovery, bootstrap, reload, iamPolicies,"
            + " tags, layout");
  }

  @Test
  void aRawControlCharacterIsNamedAtItsOwnLineAndColumn() throws Exception {
    refused(
        "tags:\n  team: da\u0007ta\n",
        "12: holds the control character \\a in column 11, which YAML does not allow in a file;"
            + " remove it");
    refusedText(
        (BASE + "tags:\n  team: da\u0007ta\n").replace("\n", "\r"),
        "12: holds the control character \\a in column 11, which YAML does not allow in a file;"
            + " remove it");
    refusedText(
        (BASE + "tags:\n  team: da\u001bta\n").replace("\n", "\r\n"),
        "12: holds the control character \\e in column 11, which YAML does not allow in a file;"
            + " remove it");
  }

  @Test
  void aCharacterTheYamlVersionsReadDifferentlyOrNoneAllowsIsNamedAtItsLine() throws Exception {
    refused(
        "tags:\n  team: da\u0085ta\n",
        "12: holds U+0085 (next line) in column 11, which YAML 1.1 reads as a line break and"
            + " YAML 1.2 as a character; remove it");
    refused(
        "tags:\n  team: da\u2028ta\n",
        "12: holds U+2028 (line separator) in column 11, which YAML 1.1 reads as a line break"
            + " and YAML 1.2 as a character; remove it");
    refused(
        "tags:\n  team: da\uFFFEta\n",
        "12: holds U+FFFE in column 11, which is not a character; remove it");
  }

  @Test
  void aByteThatIsNotUtf8IsNamedAtItsLineWhateverTheLineEndings() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.write(
        f, (BASE + "tags:\n  team: Ren\u00e9\n").replace("\n", "\r").getBytes("ISO-8859-1"));

    CliRun run = CliRun.run("validate", f.toString());

    assertThat(run.err())
        .isEqualTo(
            f
                + ":12: is not UTF-8 text: byte 0xE9 in column 12 is not UTF-8 (saved as Latin-1 or"
                + " Windows-1252?); save the file as UTF-8\n1 error\n");
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
  }

  @Test
  void aControlCharacterOnTheCommandLineIsEchoedAsAnEscape() {
    CliRun run = CliRun.run("validate", "--\u001b[2Jx", "c.yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).startsWith("error: Unknown option: '--\\e[2Jx'").doesNotContain("\u001b");
  }

  @Test
  void hundredsOfThousandsOfAliasesAreReportedAsTheFirstTwentyAndTheirCount() throws Exception {
    Path f =
        file(
            BASE
                + "x-policy: &p arn:aws:iam::aws:policy/ReadOnlyAccess\niamPolicies: ["
                + "*p, ".repeat(199_999)
                + "*p]\n");

    CliRun run = CliRun.run("validate", f.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    List<String> lines = run.err().lines().toList();
    assertThat(lines).hasSize(22);
    assertThat(lines.get(0))
        .isEqualTo(
            f
                + ":12: iamPolicies[0]: '*p' is a YAML alias; stateful-cluster does not expand"
                + " aliases: write the value out here");
    assertThat(lines.get(19)).startsWith(f + ":12: iamPolicies[19]: '*p' is a YAML alias");
    assertThat(lines.subList(20, 22))
        .containsExactly("… and 199,980 more errors, not shown", "200,000 errors");
  }

  @Test
  void aKeyGivenTensOfThousandsOfTimesIsReportedAsTheFirstTwentyAndTheCount() throws Exception {
    Path f = file(BASE + "tags: {" + "a: x, ".repeat(50_000) + "a: x}\n");

    CliRun run = CliRun.run("validate", f.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    List<String> lines = run.err().lines().toList();
    assertThat(lines).hasSize(22);
    assertThat(lines.get(0))
        .isEqualTo(f + ":11: tags.a: 'a' is given twice (first on line 11); keep one");
    assertThat(lines.subList(20, 22))
        .containsExactly("… and 49,980 more errors, not shown", "50,000 errors");
  }

  @Test
  void aPlainTagKeyThatYamlReadsAsABooleanOrNumberMustBeQuoted() throws Exception {
    String problem =
        " as a plain key is not text to every YAML reader (a boolean, a number or null,"
            + " by version); quote it";
    refused(
        "tags:\n  yes: a\n  \"no\": b\n  0100: c\n  '1_000': d\n  123: e\n  1.5: f\n",
        "12: tags.yes: 'yes'" + problem + " (\"yes\") for the text",
        "14: tags.0100: '0100'" + problem + " (\"0100\") for the text",
        "17: tags.1.5: '1.5'" + problem + " (\"1.5\") for the text");
  }

  @Test
  void anEmptyScriptOrAPolicyListedTwiceIsRefused() throws Exception {
    refused(
        "bootstrap: \"  \"\nreload: ''\niamPolicies:\n  - arn:aws:iam::aws:policy/ReadOnlyAccess\n"
            + "  - arn:aws:iam::aws:policy/ReadOnlyAccess\n",
        "11: bootstrap: is empty; remove it or write the shell script that installs and starts the"
            + " service",
        "12: reload: is empty; remove it or write the command that makes the service pick up a"
            + " changed node.env",
        "15: iamPolicies[1]: arn:aws:iam::aws:policy/ReadOnlyAccess is listed already (line 14);"
            + " list each policy once");
  }

  @Test
  void tagValuesThatAreNotTextToEveryReaderMustBeQuoted() throws Exception {
    refused(
        "tags:\n  a: yes\n  b: 0100\n  c: 1.10\n  d: 4711\n  e: true\n",
        "12: tags.a: 'yes' means true to YAML 1.1 and is the text 'yes' to YAML 1.2; quote it"
            + " (\"yes\") for the text",
        "13: tags.b: 0100 has a leading zero: YAML 1.1 reads it as the octal number 64, YAML 1.2"
            + " as 100; quote it (\"0100\") for the text",
        "14: tags.c: 1.10 is a number to YAML, not text; quote it (\"1.10\") for the text");
  }
}
