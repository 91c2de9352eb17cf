/**
 * The command line: one class per subcommand, shared options as mixins, one error path that turns
 * every failure into a short message and a documented exit code ({@link
 * dev.statefulcluster.cli.ExitCode}).
 *
 * <p>Allowed imports: everything in this project, picocli, the JDK.
 */
package dev.statefulcluster.cli;
