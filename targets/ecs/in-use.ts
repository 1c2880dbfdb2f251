/**
 * Clusters an edit takes out of the shared stack while a service stack of the previous output
 * still runs ECS services on them. The shared stack applies first, and ECS refuses to delete a
 * cluster that holds services (ClusterContainsServicesException,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html), EC2 a load
 * balancer security group the tasks' groups still refer to (DependencyViolation,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html). The
 * catalogue alone cannot tell: a `clusters` entry deleted in the edit that moves its last
 * environment to another cluster, to Beanstalk, or deletes it, looks like one nothing uses.
 * Nor can it tell whether the load balancer's deletion protection is still on (it is by default):
 * ELB refuses to delete such a load balancer (OperationNotPermitted,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html),
 * so the entry goes only after an apply with `deletionProtection: false`.
 */
import { isObject } from "../../config/merge";
import type { SharedStillUsed } from "../deploy-target";
import { clusterEntryOf } from "./cluster-id";

/** The catalogue entry of a resource of renderEcsClusters (`ecs-cluster-<entry>`), by its path. */
function entryOf(
  resource: Readonly<Record<string, unknown>>,
  construct: string,
) {
  const meta = resource["//"];
  const path =
    isObject(meta) && isObject(meta.metadata) ? meta.metadata.path : "";
  // renderEcsClusters: `ecs-cluster-<entry>`, its EcsSharedCluster's `<construct>`.
  return clusterEntryOf(String(path), construct, true);
}

/** A shared stack's resources of one type, each a record. */
function resourcesOf(
  stack: unknown,
  type: string,
): Readonly<Record<string, unknown>>[] {
  const resources = isObject(stack) ? stack.resource : undefined;
  const declared = isObject(resources) ? resources[type] : undefined;
  return isObject(declared) ? Object.values(declared).filter(isObject) : [];
}

/** The shared stack's clusters: the cluster's name by its catalogue entry. */
function clusters(stack: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const resource of resourcesOf(stack, "aws_ecs_cluster")) {
    if (typeof resource.name !== "string") continue;
    out.set(entryOf(resource, "cluster") ?? resource.name, resource.name);
  }
  return out;
}

/** The entries whose load balancer has deletion protection on: its name by the entry. */
function protectedLoadBalancers(stack: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const resource of resourcesOf(stack, "aws_lb")) {
    const entry = entryOf(resource, "load-balancer");
    if (entry === undefined || resource.enable_deletion_protection !== true)
      continue;
    out.set(entry, typeof resource.name === "string" ? resource.name : entry);
  }
  return out;
}

/**
 * The environments of a stack's ECS services by the cluster they run in (their `cluster` ARN's
 * last part).
 */
function clustersRunOn(stack: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const service of resourcesOf(stack, "aws_ecs_service")) {
    if (typeof service.cluster !== "string") continue;
    const name = service.cluster.split(":cluster/").pop() ?? service.cluster;
    const meta = service["//"];
    const path =
      isObject(meta) && isObject(meta.metadata) ? meta.metadata.path : "";
    // renderEcs: an environment's services are under its `ecs-<environment>`.
    const environment = /\/ecs-([^/]+)\/[^/]+$/.exec(String(path))?.[1];
    const environments = out.get(name) ?? new Set<string>();
    if (environment !== undefined) environments.add(environment);
    out.set(name, environments);
  }
  return out;
}

export function clustersStillUsed(
  previous: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
  shared: string,
): SharedStillUsed[] {
  // Each stack's getter reads and parses its file again: the shared one once here.
  const before = previous[shared];
  const kept = new Set(clusters(next[shared]).values());
  const dropped = [...clusters(before)].filter(([, name]) => !kept.has(name));
  // Nothing dropped (every everyday edit): no service stack is read.
  if (dropped.length === 0) return [];
  const users = new Map<string, string[]>();
  const ranOn = new Map<string, { stack: string; environment: string }[]>();
  for (const stack of Object.keys(previous).sort()) {
    if (stack === shared) continue;
    for (const [name, environments] of clustersRunOn(previous[stack])) {
      users.set(name, [...(users.get(name) ?? []), stack]);
      ranOn.set(name, [
        ...(ranOn.get(name) ?? []),
        ...[...environments]
          .sort()
          .map((environment) => ({ stack, environment })),
      ]);
    }
  }
  const guarded = protectedLoadBalancers(before);
  const unprotect =
    "set deletionProtection: false on it, apply the shared stack, then delete it";
  return dropped
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([entry, name]) => {
      const stacks = users.get(name);
      const loadBalancer = guarded.get(entry);
      const where = `clusters.${entry}`;
      const readme = `(README: "Retiring and renaming")`;
      if (stacks !== undefined)
        return [
          {
            where,
            ranOn: ranOn.get(name) ?? [],
            message: `deleting it destroys the ECS cluster "${name}" and its load balancer in the shared stack's apply, which comes first, while ${stacks.join(", ")} still run${stacks.length === 1 ? "s" : ""} ECS services on it (as last synthesized), and ECS refuses to delete a cluster that holds services: keep the entry, apply those stacks, synthesize, then ${loadBalancer === undefined ? "delete it" : unprotect} ${readme}`,
          },
        ];
      if (loadBalancer !== undefined)
        return [
          {
            where,
            message: `deleting it destroys the load balancer "${loadBalancer}" in the shared stack's apply, and its deletion protection is on (as last synthesized), so AWS refuses to delete it: ${unprotect} ${readme}`,
          },
        ];
      return [];
    });
}
