/**
 * The deploy targets. Adding one: a folder with its DeployTarget, and a line here.
 */
import { beanstalkTarget } from "./beanstalk";
import type { DeployTarget, TargetDeploy } from "./deploy-target";
import { ecsTarget } from "./ecs";
import { loadClusters } from "./ecs/load";
import type { Cluster } from "./ecs/types";
import type { ArnScope } from "../plan/arn";
import type { Statement } from "../plan/iam";

export const DEPLOY_TARGETS: readonly DeployTarget[] = [
  beanstalkTarget as unknown as DeployTarget,
  ecsTarget,
];

/** The top-level sections the targets add (ECS: clusters), loaded. */
export function loadTargetSections(raw: Readonly<Record<string, unknown>>): {
  readonly clusters: readonly Cluster[];
} {
  return { clusters: loadClusters(raw.clusters) };
}

/** What an environment is when its `kind:` is left out: what every v1 catalogue meant. */
export const DEFAULT_DEPLOY_TARGET = "beanstalk";

export function deployTarget(kind: string): DeployTarget {
  const target = DEPLOY_TARGETS.find((t) => t.kind === kind);
  if (!target) throw new Error(`no deploy target "${kind}"`);
  return target;
}

/** What the pipeline role needs to deploy (its target's statements). */
export function deployStatements(
  scope: ArnScope,
  deploy: TargetDeploy,
): Statement[] {
  return deployTarget(deploy.kind).pipelineStatements(scope, deploy);
}
