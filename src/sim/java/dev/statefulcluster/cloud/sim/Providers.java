package dev.statefulcluster.cloud.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The resource types the model provides, by type name. */
final class Providers implements ResourceTypes {
  private final Map<String, ResourceProvider> byType = new LinkedHashMap<>();

  Providers(SimContext ctx, Ec2Model ec2) {
    for (ResourceProvider p :
        List.of(
            new SecurityGroupProvider(ctx, ec2),
            new IngressProvider(ctx, ec2),
            new NetworkInterfaceProvider(ctx, ec2),
            new VolumeProvider(ctx, ec2),
            new InstanceProvider(ctx, ec2),
            new IamProviders.Role(ctx, ec2),
            new IamProviders.InstanceProfile(ctx, ec2),
            new MiscProviders.Alarm(ctx, ec2),
            new MiscProviders.WaitConditionHandle(ctx, ec2))) {
      byType.put(p.type(), p);
    }
  }

  /** Adds a provider that needs more of the model than EC2 (nested stacks need the stacks). */
  void register(ResourceProvider p) {
    byType.put(p.type(), p);
  }

  ResourceProvider get(String type) {
    ResourceProvider p = byType.get(type);
    if (p == null) {
      throw new IllegalStateException("no provider for " + type);
    }
    return p;
  }

  @Override
  public boolean modeled(String type) {
    return byType.containsKey(type);
  }

  @Override
  public Set<String> attributes(String type) {
    return get(type).attributes();
  }

  @Override
  public boolean hasAttribute(String type, String attribute) {
    return get(type).hasAttribute(attribute);
  }

  @Override
  public Set<String> modeledTypes() {
    return byType.keySet();
  }
}
