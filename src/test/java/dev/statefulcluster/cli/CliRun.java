package dev.statefulcluster.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One command line run in-process: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(Connector connector, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context context =
        new Context(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            connector);
    int code = Main.run(context, args);
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun run(String... args) {
    return run(
        options -> {
          throw new AssertionError("this command must not reach AWS");
        },
        "",
        args);
  }
}
