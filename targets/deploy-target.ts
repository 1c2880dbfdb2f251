/**
 * A deploy target: how an environment runs (`kind:` of an environment; Beanstalk today). One
 * folder per target (targets/<kind>/) with its keys, names, pipeline action and grants, settings
 * and constructs; ./registry lists them. Modelled on aws-cdk's codepipeline-actions, where a
 * deploy action adds its own statements to the pipeline role and returns its configuration.
 */
import type { MergedRule } from "../config/rules/rule";
import type {
  Catalogue,
  CatalogueOutline,
  Environment,
  Process,
  Service,
} from "../config/catalogue";
import type { SmokeTestSite } from "../config/environment-parts";
import type { Schema } from "../config/schema-types";
import type { Path } from "../config/yaml-path";
import type { ActionArtifacts } from "../plan/action-artifacts";
import type { ArnScope } from "../plan/arn";
import type { BuildArtifact } from "../plan/buildspec";
import type { RepositoryRef, Statement } from "../plan/iam";
import type { RolePlan } from "../plan/roles";
import type { StatefulType } from "../plan/stateful-type";
import type { NamedResource } from "../plan/named-resource";
import type { Names } from "../plan/names";
import type {
  DeployKind,
  EnvironmentKinds,
  TargetSectionOutlines,
  TargetSections,
} from "./sections";

/**
 * One action of an environment's deploy, after its approval and Mark (the pipeline adds the run
 * order and the Image artifact as input).
 */
export interface DeployAction {
  /** Its name in the stage ("Deploy"; unique in the stage). */
  readonly name: string;
  /** @default "Deploy" */
  readonly category?: "Deploy" | "Build";
  readonly provider: string;
  readonly configuration: Record<string, string>;
  /**
   * Runs once every deploy action of the stage has succeeded (one run order later): a step that
   * records what was deployed.
   * @default false
   */
  readonly afterDeploy?: boolean;
  /**
   * A CodeBuild action of the service's mark project: the pipeline sets its ProjectName (the
   * project's own reference, as the Mark action's).
   * @default false
   */
  readonly runsMarkProject?: boolean;
}

/** Something of the shared stack an edit removes while a service stack still runs on it. */
export interface SharedStillUsed {
  /** Its catalogue entry (`clusters.production`). */
  readonly where: string;
  /** What would fail and what to do instead, after `<where>: `. */
  readonly message: string;
  /**
   * The environments that ran on it (as last synthesized), by stack: the message is shown at the
   * first one the catalogue still has, the edit that moved it away.
   */
  readonly ranOn?: readonly {
    readonly stack: string;
    readonly environment: string;
  }[];
}

/** One environment of a service, as the pipeline deploys it. */
export interface EnvironmentDeploy {
  /** Catalogue key of the environment (stage name). */
  readonly key: string;
  /** Its physical name (the approval names it). */
  readonly environmentName: string;
  readonly approval: boolean;
  /**
   * Where a smoke test reaches the environment once deployed: its base URL, scheme and host
   * without a path (`http://<host>`), a Terraform reference when rendered and a stand-in of the
   * same form in the plan. A target implements it from what its environment exposes (Beanstalk:
   * the environment's CNAME; a load-balanced service: its load balancer's DNS name).
   * @default none: the target offers no address, and its environments get no smoke test
   */
  readonly url?: string;
  /**
   * How the smoke test learns that the environment has nothing to answer yet (an ECS service
   * with no task before its first image is recorded and applied): it then passes, saying why.
   * @default none: every deploy is tested
   */
  readonly smokeSkip?: SmokeSkip;
}

/** A check a smoke test runs before its requests (plan/gates.ts smokeBuildspec). */
export interface SmokeSkip {
  /** Bash that prints why there is nothing to test yet, or nothing (then the test runs). */
  readonly command: string;
  /** What the smoke project's role needs to run it (statements with one sid merge). */
  readonly statements: (scope: ArnScope) => Statement[];
}

/** A service's deploys to the environments of one target. */
export interface TargetDeploy<E extends EnvironmentDeploy = EnvironmentDeploy> {
  readonly kind: string;
  /** In deploy order. */
  readonly environments: readonly E[];
}

/**
 * A service's deploys: each target's, for the environments of that kind, and the order the
 * pipeline deploys its environments in (the catalogue's, whatever their kinds).
 */
export interface ServiceDeploy {
  readonly targets: readonly TargetDeploy[];
  /** Environment keys, in deploy order. */
  readonly order: readonly string[];
  /** The project that tags the image each environment is about to run (ImageMarker). */
  readonly markProject: { readonly name: string; readonly arn: string };
}

/** Each environment of a service's deploy, in deploy order, with its target's deploy. */
export function environmentDeploys(
  deploy: ServiceDeploy,
): { target: TargetDeploy; environment: EnvironmentDeploy }[] {
  return deploy.order.map((key) => {
    for (const target of deploy.targets) {
      const environment = target.environments.find((e) => e.key === key);
      if (environment) return { target, environment };
    }
    throw new Error(`environment ${key} has no deploy`);
  });
}

/**
 * The loaded environment type a target of kind K declares (EnvironmentKinds, ./sections.ts):
 * a target loads its own; any target's for the registry, whose kinds are erased.
 */
export type EnvironmentOf<K extends string> = K extends DeployKind
  ? EnvironmentKinds[K]
  : Environment;

/** A top-level key a target adds to the catalogue: its schema and how the reference shows it. */
export interface CatalogueSection {
  readonly key: string;
  readonly schema: Schema;
  /**
   * The reference's name for an entry of the section, when it is a map: "<name>" shows its keys
   * as clusters.<name>.https.
   * @default "<key>"
   */
  readonly entryName?: string;
  /**
   * Every environment's merged value starts from the section, as its key of the same name
   * (defaults.environment, then the environment's own keys, override it key by key): Beanstalk's
   * network.
   * @default false
   */
  readonly environmentDefault?: boolean;
}

/**
 * A section the target loads into the Catalogue (its key and type declared in TargetSections)
 * and outlines for the name checks (TargetSectionOutlines).
 */
export type LoadedSection<
  K extends keyof TargetSections = keyof TargetSections,
> = {
  readonly [P in keyof TargetSections]: CatalogueSection & {
    readonly key: P;
    /** The section as written (undefined: left out), once the catalogue has passed every check. */
    load(value: unknown): TargetSections[P];
    /** The section's outline, from a value that may have problems: read defensively. */
    outline(value: unknown): TargetSectionOutlines[P];
  };
}[K];

/**
 * A top-level section of a target: loaded (LoadedSection), or only read where its environments
 * are loaded (Beanstalk's network, the defaults of its environments' network).
 */
export type TargetSection = CatalogueSection | LoadedSection;

/** What a target loads one of its environments from. */
export interface EnvironmentInput {
  /** The environment's key. */
  readonly name: string;
  /**
   * Its merged value (top-level network, defaults.environment, its own keys), shape-checked and
   * passed by every rule; it may hold keys of other targets inherited from defaults.environment,
   * which are not this target's to read.
   */
  readonly value: Readonly<Record<string, unknown>>;
  readonly approval: boolean;
  /** The service's keys an environment's loading needs. */
  readonly service: {
    readonly name: string;
    readonly port: number;
    readonly processes: readonly Process[];
  };
  readonly region: string;
}

/** What a service's names depend on besides its and its environment's keys. */
export interface ResourceDetail {
  /** The names of the service's processes. */
  readonly processes: readonly string[];
  /** The service's port. */
  readonly port: number;
}

/** What a target's plan may use: names, ARNs (measurable stand-ins in the plan). */
export interface TargetPlanContext {
  readonly names: Names;
  readonly scope: ArnScope;
  /** The catalogue's repository of a service or base image. */
  repository(image: string): RepositoryRef;
  /** The service's mark project (tags the image an environment is about to run). */
  readonly markProject: { readonly name: string; readonly arn: string };
  /** The ARN of a role of this account, by name. */
  role(name: string): string;
  /** The catalogue's KMS key. */
  readonly kmsKeyArn: string;
  /** The whole catalogue, for what a target shares across services (ECS: its clusters). */
  readonly catalogue: Catalogue;
}

/** What a target derives for one service's environments. */
export interface TargetPlan<D extends TargetDeploy = TargetDeploy> {
  /** The pipeline's deploy props (its deploy actions and the pipeline role's grants). */
  readonly deploy: D;
  /** The roles it adds (their policies are size-checked with the rest). */
  readonly roles: readonly RolePlan[];
  /**
   * SSM parameters its actions write through the service's mark project (a Record step after a
   * deploy): the mark role may write exactly these.
   * @default none
   */
  readonly recordParameterArns?: readonly string[];
}

export interface DeployTarget<
  D extends TargetDeploy = TargetDeploy,
  E extends EnvironmentDeploy = D["environments"][number],
> {
  /**
   * The value of an environment's `kind:` that selects it: its deploy's kind, and its key in
   * EnvironmentKinds (./sections.ts; the registry checks both).
   */
  readonly kind: D["kind"];
  /** How the reference describes it, after "kind: beanstalk". */
  readonly summary: string;
  /** Its name in the reference's descriptions of its keys ("Beanstalk: ..."). */
  readonly title: string;
  /**
   * The files its deploy actions read from the build's Image artifact, for a service with
   * environments of this target: how the service's build writes them and how the Mark action
   * reads the image back.
   */
  buildArtifact(service: Service): BuildArtifact;
  /** How the reference describes an environment (the default target's shows). */
  readonly environmentDescription: string;
  /** The keys it adds to an environment, after kind, approval, variables and secrets. */
  readonly environmentProperties: Readonly<Record<string, Schema>>;
  /** The top-level sections it adds to the catalogue (Beanstalk: network; ECS: clusters). */
  readonly sections: readonly TargetSection[];
  /**
   * One of its environments, loaded (defaults applied) once the shape validator and every rule
   * have passed; reads only its own keys.
   */
  loadEnvironment(input: EnvironmentInput): EnvironmentOf<D["kind"]>;
  /**
   * Where a smoke test of one environment would go (config/gates.ts decides whether it has one),
   * from its merged value and the catalogue's top level as written; undefined: nothing to request.
   * Runs on catalogues with problems too (the outline): read defensively.
   */
  smokeTestSite(
    value: Readonly<Record<string, unknown>>,
    top: Readonly<Record<string, unknown>>,
    /** The environment's key. */
    name: string,
  ): SmokeTestSite | undefined;
  /** The stateful resource types it creates, by Terraform type (replacement warnings). */
  readonly statefulTypes: Readonly<Record<string, StatefulType>>;
  /**
   * What an edit takes out of the shared stack while a stack of the previous output (synthesized
   * JSON, by stack name) still runs on it: the shared stack applies first, so its apply would
   * fail, and synth refuses the edit (main.ts) with each finding's way out. None by default.
   */
  /**
   * The catalogue key a construct path of the shared stack (below the stack) belongs to, when the
   * construct is this target's (replacement warnings name it: `clusters.<entry>`). None by default.
   */
  readonly sharedCatalogueKey?: (within: string) => string | undefined;
  readonly sharedStillUsed?: (
    previous: Readonly<Record<string, unknown>>,
    next: Readonly<Record<string, unknown>>,
    shared: string,
  ) => SharedStillUsed[];
  /**
   * Its catalogue rules, one file each under targets/<kind>/rules/ (as config/rules/); they see
   * only the environments of this target (run after the catalogue's own,
   * config/load-catalogue.ts) and are listed with them (ALL_RULES of config/rules/index.ts).
   */
  readonly rules: readonly MergedRule[];
  /** The physical names it adds to the shared stack (checked by plan/check.ts). */
  sharedResources(names: Names, outline: CatalogueOutline): NamedResource[];
  /** The physical names it adds to a service with environments of this target. */
  serviceResources(
    names: Names,
    service: string,
    path: Path,
    rank: NamedResource["rank"],
  ): NamedResource[];
  /** The physical names one environment of a service adds (checked by plan/check.ts). */
  environmentResources(
    names: Names,
    service: string,
    environment: string,
    path: Path,
    rank: NamedResource["rank"],
    detail: ResourceDetail,
  ): NamedResource[];
  /** A service's deploy props and roles, for its environments of this target. */
  plan(ctx: TargetPlanContext, service: Service): TargetPlan<D>;
  // The two below are properties, not methods, so their parameters are checked strictly: a
  // DeployTarget<BeanstalkDeploy> is not a DeployTarget<TargetDeploy> (it cannot take any
  // target's deploy). The registry (./registry) holds targets as RegisteredTarget instead.
  /**
   * The artifacts CodePipeline allows its deploy actions' providers (plan/pipeline-check.ts;
   * CodeBuild and the manual approval are generic: plan/action-artifacts.ts).
   */
  readonly actionArtifacts: readonly ActionArtifacts[];
  /** The pipeline's deploy actions for one environment (after its approval and Mark). */
  readonly deployActions: (deploy: D, environment: E) => DeployAction[];
  /** A deploy action of its in words, or undefined if the action is not its (the pipeline picture). */
  describeDeploy(action: {
    readonly provider: string;
    readonly configuration?: Readonly<Record<string, string>>;
  }): string | undefined;
  /** What the pipeline role needs to deploy to these environments. */
  readonly pipelineStatements: (scope: ArnScope, deploy: D) => Statement[];
}
