package dev.statefulcluster.synth.nodescript;

/** The shells the script must run under: dash (Debian's /bin/sh) and bash (Amazon Linux's). */
enum Shell {
  DASH("dash"),
  BASH("bash");

  private final String command;

  Shell(String command) {
    this.command = command;
  }

  String command() {
    return command;
  }
}
