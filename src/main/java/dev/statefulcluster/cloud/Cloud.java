package dev.statefulcluster.cloud;

/** Everything the operations ask of AWS, grouped by service. */
public interface Cloud {
  StackApi stacks();

  Ec2Api ec2();

  TemplateStore templates();

  IdentityApi identity();

  /** The time source operations wait on; virtual in the in-memory model. */
  Ticker ticker();

  /** The region every call goes to (known locally: asking it makes no call). */
  String region();
}
