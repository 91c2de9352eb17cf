package dev.statefulcluster.cloud;

/** STS, for the one thing the operations ask it: whose account the credentials act in. */
public interface IdentityApi {
  /** GetCallerIdentity; needs no permission (an explicit deny cannot stop it). */
  CallerIdentity callerIdentity();
}
