/**
 * The port to AWS: the few CloudFormation, EC2 and S3 calls the operations need, as JDK types and
 * this package's records. Implementations: {@code cloud.aws} (the AWS SDK for Java v2, the only
 * package that imports {@code software.amazon.awssdk}) and {@code cloud.sim} (an in-memory model of
 * the documented AWS behaviour, for tests and benchmarks; it lives in src/sim and is compiled with
 * the tests, never into the product).
 *
 * <p>Allowed imports: the JDK only. Nothing here knows about specs, templates or operations.
 */
package dev.statefulcluster.cloud;
