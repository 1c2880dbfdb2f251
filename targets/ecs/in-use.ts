/**
 * Clusters an edit takes out of the shared stack while a service stack of the previous output
 * still runs ECS services on them. The shared stack applies first, and ECS refuses to delete a
 * cluster that holds services (ClusterContainsServicesException,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html), EC2 a load
 * balancer security group the tasks' groups still refer to (DependencyViolation,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html). The
 * catalogue alone cannot tell: a `clusters` entry deleted in the edit that moves its last
 * environment to another cluster, to Beanstalk, or deletes it, looks like one nothing uses.
 */
import { isObject } from "../../config/merge";
import type { SharedStillUsed } from "../deploy-target";

/** The shared stack's clusters: the cluster's name by its catalogue entry. */
function clusters(stack: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const resources = isObject(stack) ? stack.resource : undefined;
  const declared = isObject(resources) ? resources.aws_ecs_cluster : undefined;
  if (!isObject(declared)) return out;
  for (const resource of Object.values(declared)) {
    if (!isObject(resource) || typeof resource.name !== "string") continue;
    const meta = resource["//"];
    const path =
      isObject(meta) && isObject(meta.metadata) ? meta.metadata.path : "";
    // renderEcsClusters: `ecs-cluster-<entry>`, its EcsSharedCluster's `cluster`.
    const entry = /\/ecs-cluster-([^/]+)\/cluster$/.exec(String(path))?.[1];
    out.set(entry ?? resource.name, resource.name);
  }
  return out;
}

/** The cluster names a stack's ECS services run in (their `cluster` ARN's last part). */
function clustersRunOn(stack: unknown): Set<string> {
  const out = new Set<string>();
  const resources = isObject(stack) ? stack.resource : undefined;
  const services = isObject(resources) ? resources.aws_ecs_service : undefined;
  if (!isObject(services)) return out;
  for (const service of Object.values(services))
    if (isObject(service) && typeof service.cluster === "string")
      out.add(service.cluster.split(":cluster/").pop() ?? service.cluster);
  return out;
}

export function clustersStillUsed(
  previous: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
  shared: string,
): SharedStillUsed[] {
  const kept = new Set(clusters(next[shared]).values());
  const dropped = [...clusters(previous[shared])].filter(
    ([, name]) => !kept.has(name),
  );
  // Nothing dropped (every everyday edit): no service stack is read.
  if (dropped.length === 0) return [];
  const users = new Map<string, string[]>();
  for (const stack of Object.keys(previous).sort()) {
    if (stack === shared) continue;
    for (const name of clustersRunOn(previous[stack]))
      users.set(name, [...(users.get(name) ?? []), stack]);
  }
  return dropped
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([entry, name]) => {
      const stacks = users.get(name);
      if (stacks === undefined) return [];
      return [
        {
          where: `clusters.${entry}`,
          message: `deleting it destroys the ECS cluster "${name}" and its load balancer in the shared stack's apply, which comes first, while ${stacks.join(", ")} still run${stacks.length === 1 ? "s" : ""} ECS services on it (as last synthesized), and ECS refuses to delete a cluster that holds services: keep the entry, apply those stacks, synthesize, then delete it (README: "Retiring and renaming")`,
        },
      ];
    });
}
