/**
 * Where an ECS environment's web process answers: the output users open, and the base URL a smoke
 * test requests (EnvironmentDeploy.url). Its first exact host when it names hosts (the listener
 * rule matches on them; a wildcard host names no one address), else the cluster's load balancer;
 * https when the cluster has a certificate (its :80 only redirects there).
 */
import { globCovers } from "./glob";
import type { Cluster, EcsHttp } from "./types";

/** The first host of the rule that names one address (no wildcard), if any. */
export const exactHost = (http: Pick<EcsHttp, "hosts">) =>
  http.hosts.find((h) => !/[*?]/.test(h));

export function environmentUrl(
  cluster: Pick<Cluster, "https">,
  http: Pick<EcsHttp, "hosts">,
  loadBalancerDnsName: string,
): string {
  return `${cluster.https ? "https" : "http"}://${exactHost(http) ?? loadBalancerDnsName}`;
}

/**
 * Why a GET of `path` at environmentUrl would not reach this environment's web process (and what
 * to change), or undefined when its listener rule matches it: the rule's host condition must match the URL's
 * host (an exact host of its own, or no host condition), and one of its path patterns the path
 * (without the query string). Else another service's rule, or the load balancer's default 404,
 * answers. (A rule of another service evaluated first can still take it: that takes a path the
 * other's rule matches, which the listener-rule-shadowing rule keeps apart from catch-alls.)
 */
export function unroutedReason(
  http: Pick<EcsHttp, "hosts" | "paths">,
  path: string,
): string | undefined {
  if (http.hosts.length > 0 && exactHost(http) === undefined)
    return `its http.hosts are all wildcards (${http.hosts.join(", ")}), so it is requested at the load balancer's DNS name, which its rule's host condition does not match; add an exact host to http.hosts`;
  const requested = path.split("?")[0];
  if (!http.paths.some((pattern) => globCovers(pattern, requested)))
    return `its listener rule matches only the paths ${http.paths.join(", ")}, not ${requested} (another service's rule or the load balancer's default answers that); set smokeTest.path to a path the rule matches`;
  return undefined;
}

/**
 * What the environment's URL output names: environmentUrl and the start of the first path
 * pattern that matches its own start (`/api/orders/*` -> `/api/orders/`; `/*` -> nothing), so
 * the address opens this environment and not another service's on the same host.
 */
export function entryPath(http: Pick<EcsHttp, "paths">): string {
  for (const pattern of http.paths) {
    const start = pattern.split(/[*?]/)[0];
    if (globCovers(pattern, start)) return start === "/" ? "" : start;
  }
  return "";
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
