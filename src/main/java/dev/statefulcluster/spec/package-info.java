/**
 * The cluster description: reading {@code cluster.yaml} with line numbers, validating every field,
 * and the immutable {@link dev.statefulcluster.spec.ClusterSpec} the rest of the tool works from.
 * Every problem becomes a {@link dev.statefulcluster.spec.SpecError} that names file, line, field
 * path and the fix; all problems of a file are reported at once.
 *
 * <p>Allowed imports: the JDK and Jackson's streaming YAML parser. Nothing from the other packages
 * of this project.
 */
package dev.statefulcluster.spec;
