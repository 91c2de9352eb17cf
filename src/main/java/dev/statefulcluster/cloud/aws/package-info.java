/**
 * The AWS SDK for Java v2 behind the {@link dev.statefulcluster.cloud.Cloud} port: one SDK call (or
 * paginator) per port method, SDK types converted to the port's records at the boundary, every SDK
 * exception turned into a one-line {@link dev.statefulcluster.cloud.CloudException}.
 *
 * <p>Allowed imports: the JDK, {@code dev.statefulcluster.cloud} and {@code
 * software.amazon.awssdk}. This is the only package that may import the SDK. Nothing outside it
 * names an SDK type, so commands that never reach AWS ({@code synth}) never load the SDK: only
 * {@link dev.statefulcluster.cloud.aws.AwsCloud#create} does, and {@link
 * dev.statefulcluster.cloud.aws.AwsSettings} is plain JDK so the CLI can build it for free.
 */
package dev.statefulcluster.cloud.aws;
