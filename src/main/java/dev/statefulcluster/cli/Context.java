package dev.statefulcluster.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * What a command may use of the world: its output streams, its input (for confirmations) and the
 * way to reach AWS. Tests pass an in-memory cloud here.
 */
public record Context(PrintWriter out, PrintWriter err, InputStream in, Connector connector) {}
