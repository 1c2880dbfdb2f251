/**
 * The deploy targets. Adding one: a folder with its DeployTarget, and a line here.
 */
import { beanstalkTarget } from "./beanstalk";
import type {
  DeployAction,
  DeployTarget,
  EnvironmentDeploy,
  LoadedSection,
  TargetDeploy,
  TargetPlan,
  TargetPlanContext,
} from "./deploy-target";
import type { Service } from "../config/catalogue";
import { ecsTarget } from "./ecs";
import type {
  DeployKind,
  TargetSectionOutlines,
  TargetSections,
} from "./sections";
import type { ArnScope } from "../plan/arn";
import { BuildArtifact, combineArtifacts } from "../plan/buildspec";
import type { Statement } from "../plan/iam";

/**
 * A deploy target as the registry holds it, its deploy type erased: what takes a deploy takes any
 * target's and checks that it is its own (by kind) before its typed functions see it, so
 * Beanstalk's functions are never handed another target's deploy.
 */
export type RegisteredTarget = Omit<
  DeployTarget,
  "kind" | "plan" | "deployActions" | "pipelineStatements"
> & {
  readonly kind: DeployKind;
  plan(ctx: TargetPlanContext, service: Service): TargetPlan;
  deployActions(
    deploy: TargetDeploy,
    environment: EnvironmentDeploy,
  ): DeployAction[];
  pipelineStatements(scope: ArnScope, deploy: TargetDeploy): Statement[];
};

/** Erases a target's deploy type (see RegisteredTarget): its line in TARGETS. */
export function registerTarget<
  E extends EnvironmentDeploy,
  D extends TargetDeploy<E> & { readonly kind: DeployKind },
>(target: DeployTarget<D, E>): RegisteredTarget & { readonly kind: D["kind"] } {
  // The one step the compiler takes on trust: a deploy of this target's kind is of its deploy
  // type. Only the target makes deploys of its kind (its plan and its renderer).
  const isOwn = (deploy: TargetDeploy): deploy is D =>
    deploy.kind === target.kind;
  const own = (deploy: TargetDeploy): D => {
    if (!isOwn(deploy))
      throw new Error(
        `the ${target.kind} target was given a deploy of kind ${deploy.kind}`,
      );
    return deploy;
  };
  return {
    ...target,
    // Looked up at each call, so a test may replace one on the target itself (jest.spyOn).
    sharedResources: (...args) => target.sharedResources(...args),
    serviceResources: (...args) => target.serviceResources(...args),
    environmentResources: (...args) => target.environmentResources(...args),
    describeDeploy: (...args) => target.describeDeploy(...args),
    buildArtifact: (...args) => target.buildArtifact(...args),
    plan: (ctx, service) => target.plan(ctx, service),
    deployActions: (deploy, environment) => {
      const mine = own(deploy);
      const env = mine.environments.find((e) => e === environment);
      if (env === undefined)
        throw new Error(
          `${environment.key} is not an environment of this ${target.kind} deploy`,
        );
      return target.deployActions(mine, env);
    },
    pipelineStatements: (scope, deploy) =>
      target.pipelineStatements(scope, own(deploy)),
  };
}

/**
 * Each target under its kind, in the order the reference lists them. Typed over the kinds whose
 * environment types targets/<kind>/types.ts declare (EnvironmentKinds, ./sections.ts): a declared
 * kind left out here, a target registered under another kind's key, or one whose environment
 * type is not declared, does not compile.
 */
const TARGETS: {
  readonly [K in DeployKind]: RegisteredTarget & { readonly kind: K };
} = {
  beanstalk: registerTarget(beanstalkTarget),
  ecs: registerTarget(ecsTarget),
};

export const DEPLOY_TARGETS: readonly RegisteredTarget[] =
  Object.values(TARGETS);

/** The top-level sections the targets load (TargetSections), each once. */
function loadedSections(): LoadedSection[] {
  return DEPLOY_TARGETS.flatMap((t) =>
    t.sections.flatMap((s) => ("load" in s ? [s] : [])),
  );
}

/**
 * The top-level sections the targets load (ECS: clusters), from the catalogue's top level as
 * written, once it has passed every check.
 */
export function loadTargetSections(
  top: Readonly<Record<string, unknown>>,
): TargetSections {
  const loaded: Partial<TargetSections> = {};
  for (const section of loadedSections()) loadSection(section, top, loaded);
  if (!isLoaded(loaded)) throw new Error("a target section was not loaded");
  return loaded;
}

/** Their outlines (the name checks'), from a top level that may have problems. */
export function outlineTargetSections(
  top: Readonly<Record<string, unknown>>,
): TargetSectionOutlines {
  const outlined: Partial<TargetSectionOutlines> = {};
  for (const section of loadedSections())
    outlineSection(section, top, outlined);
  if (!isOutlined(outlined))
    throw new Error("a target section was not outlined");
  return outlined;
}

function loadSection<K extends keyof TargetSections>(
  section: LoadedSection<K>,
  top: Readonly<Record<string, unknown>>,
  into: Partial<TargetSections>,
): void {
  into[section.key] = section.load(top[section.key]);
}

function outlineSection<K extends keyof TargetSections>(
  section: LoadedSection<K>,
  top: Readonly<Record<string, unknown>>,
  into: Partial<TargetSectionOutlines>,
): void {
  into[section.key] = section.outline(top[section.key]);
}

// The one step below the compiler takes on trust (as registerTarget's): that the registered
// sections are every key of TargetSections, i.e. a target that declares a section there
// registers it in its DeployTarget.sections. That each registered one has its value is checked.
function isLoaded(values: Partial<TargetSections>): values is TargetSections {
  return loadedSections().every((s) => s.key in values);
}

function isOutlined(
  values: Partial<TargetSectionOutlines>,
): values is TargetSectionOutlines {
  return loadedSections().every((s) => s.key in values);
}

/**
 * The top-level sections every environment's merged value starts from, by key (Beanstalk's
 * network: defaults.environment, then the environment's own keys, override it).
 */
export const ENVIRONMENT_DEFAULT_SECTIONS: readonly string[] =
  DEPLOY_TARGETS.flatMap((t) =>
    t.sections.flatMap((s) => (s.environmentDefault === true ? [s.key] : [])),
  );

/** What an environment is when its `kind:` is left out: what every v1 catalogue meant. */
export const DEFAULT_DEPLOY_TARGET = "beanstalk";

/**
 * The target an environment's `kind:` selects (left out: the default); undefined for a kind no
 * target has (the shape validator reports it). For rules and the outline, which also run on
 * catalogues with problems.
 */
export function targetOfKind(kind: unknown): RegisteredTarget | undefined {
  const wanted = kind === undefined ? DEFAULT_DEPLOY_TARGET : kind;
  return DEPLOY_TARGETS.find((t) => t.kind === wanted);
}

export function deployTarget(kind: string): RegisteredTarget {
  const target = targetOfKind(kind);
  if (!target) throw new Error(`no deploy target "${kind}"`);
  return target;
}

/**
 * A service's environments by deploy target: each target with the service narrowed to its
 * environments, in the registry's order.
 */
export function serviceTargets(
  service: Service,
): { kind: DeployKind; service: Service }[] {
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
