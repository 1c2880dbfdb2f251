/**
 * Where an ECS environment's web process answers: the output users open, and the base URL a smoke
 * test requests (EnvironmentDeploy.url). Its first exact host when it names hosts (the listener
 * rule matches on them; a wildcard host names no one address), else the cluster's load balancer;
 * https when the cluster has a certificate (its :80 only redirects there).
 */
import type { Cluster, EcsHttp } from "./types";

export function environmentUrl(
  cluster: Pick<Cluster, "https">,
  http: Pick<EcsHttp, "hosts">,
  loadBalancerDnsName: string,
): string {
  const host = http.hosts.find((h) => !/[*?]/.test(h));
  return `${cluster.https ? "https" : "http"}://${host ?? loadBalancerDnsName}`;
}

/**
 * A stand-in of a load balancer's DNS name for the plan (it exists only once the load balancer
 * does): `[internal-]<name>-<10 digits>.<region>.elb.amazonaws.com`.
 */
export function loadBalancerDnsNameForLength(
  name: string,
  internal: boolean,
  region: string,
): string {
  return `${internal ? "internal-" : ""}${name}-0000000000.${region}.elb.amazonaws.com`;
}
