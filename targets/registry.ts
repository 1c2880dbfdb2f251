/**
 * The deploy targets. Adding one: a folder with its DeployTarget, and a line here.
 */
import { beanstalkTarget } from "./beanstalk";
import type { DeployTarget, TargetDeploy } from "./deploy-target";
import type { Service } from "../config/catalogue";
import { ecsTarget } from "./ecs";
import { loadClusters } from "./ecs/load";
import type { Cluster } from "./ecs/types";
import type { ArnScope } from "../plan/arn";
import { BuildArtifact, combineArtifacts } from "../plan/buildspec";
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

/**
 * A service's environments by deploy target: each target with the service narrowed to its
 * environments, in the registry's order.
 */
export function serviceTargets(
  service: Service,
): { kind: string; service: Service }[] {
  return DEPLOY_TARGETS.map((t) => ({
    kind: t.kind,
    service: {
      ...service,
      environments: service.environments.filter((e) => e.kind === t.kind),
    },
  })).filter((t) => t.service.environments.length > 0);
}

/**
 * What a service's build writes for its deploy targets (the default target's file when it has no
 * environments).
 */
export function serviceArtifact(service: Service): BuildArtifact {
  const targets = serviceTargets(service);
  return combineArtifacts(
    targets.length > 0
      ? targets.map((t) => deployTarget(t.kind).buildArtifact(t.service))
      : [deployTarget(DEFAULT_DEPLOY_TARGET).buildArtifact(service)],
  );
}

/** What the pipeline role needs to deploy (its target's statements). */
export function deployStatements(
  scope: ArnScope,
  deploy: TargetDeploy,
): Statement[] {
  return deployTarget(deploy.kind).pipelineStatements(scope, deploy);
}
