package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** CloudWatch alarms and wait condition handles. */
final class MiscProviders {
  private MiscProviders() {}

  /**
   * AWS::CloudWatch::Alarm: Ref is the alarm name. Alarms on an instance's status checks with an
   * EC2 recover or reboot action act ({@link Alarms}); other alarms are never evaluated.
   */
  static final class Alarm extends BaseProvider {
    Alarm(SimContext ctx, Ec2Model ec2) {
      super(ctx, ec2, "AmazonCloudWatch");
    }

    @Override
    public String type() {
      return "AWS::CloudWatch::Alarm";
    }

    @Override
    public Set<String> attributes() {
      return Set.of("Arn");
    }

    @Override
    public void create(Request r, OpHandle h) {
      String name =
          Props.text(r.properties(), "AlarmName") != null
              ? Props.text(r.properties(), "AlarmName")
              : generatedName(r, 255);
      h.initiated(name);
      after(
          SimLatencies.Step.ALARM,
          () -> {
            ec2.alarms.put(name, r.properties());
            h.succeeded(Map.of("Arn", TextNode.valueOf(arn(name))));
          });
    }

    @Override
    public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
      after(
          SimLatencies.Step.PROPERTY_UPDATE,
          () -> {
            ec2.alarms.put(physicalId, r.properties());
            h.succeeded(Map.of("Arn", TextNode.valueOf(arn(physicalId))));
          });
    }

    @Override
    public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
      after(
          SimLatencies.Step.DELETE,
          () -> {
            ec2.alarms.delete(physicalId);
            h.succeeded(Map.of());
          });
    }

    private String arn(String name) {
      return "arn:aws:cloudwatch:" + ctx.region() + ":" + ctx.accountId() + ":alarm:" + name;
    }
  }

  /** AWS::CloudFormation::WaitConditionHandle: Ref is a presigned URL. */
  static final class WaitConditionHandle extends BaseProvider {
    WaitConditionHandle(SimContext ctx, Ec2Model ec2) {
      super(ctx, ec2, "AWSCloudFormation");
    }

    @Override
    public String type() {
      return "AWS::CloudFormation::WaitConditionHandle";
    }

    @Override
    public Set<String> attributes() {
      return Set.of();
    }

    @Override
    public void create(Request r, OpHandle h) {
      String url =
          "https://cloudformation-waitcondition-"
              + ctx.region()
              + ".s3.amazonaws.com/"
              + URLEncoder.encode(r.stack().stackId(), StandardCharsets.UTF_8)
              + "/"
              + r.logicalId()
              + "?X-Amz-Signature="
              + ctx.ids().suffix(16);
      h.initiated(url);
      after(SimLatencies.Step.WAIT_CONDITION_HANDLE, () -> h.succeeded(Map.of()));
    }

    @Override
    public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
      after(SimLatencies.Step.PROPERTY_UPDATE, () -> h.succeeded(Map.of()));
    }

    @Override
    public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
      after(SimLatencies.Step.DELETE, () -> h.succeeded(Map.of()));
    }
  }
}
