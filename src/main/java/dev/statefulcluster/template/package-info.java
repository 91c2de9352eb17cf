/**
 * A small CloudFormation model: a template as immutable, ordered plain data (maps, lists, strings,
 * numbers, booleans), the intrinsic functions ({@link dev.statefulcluster.template.Fn}), cfn-init
 * metadata elements made by named factories that reject bad input, checks that every reference
 * resolves, CloudFormation's quotas, and writers for JSON and YAML in a stable order.
 *
 * <p>Allowed imports: the JDK, Jackson's streaming JSON and YAML generators, and {@code spec} only
 * for the shared AWS limits. Knows nothing of clusters.
 */
package dev.statefulcluster.template;
