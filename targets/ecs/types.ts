/**
 * The ECS on Fargate target's part of the loaded catalogue: the contract between the catalogue
 * side (schema, loader, rules: targets/ecs/schema.ts, rules/) and the resource side (plan,
 * render, pipeline). YAML shape (README reference):
 *
 *   clusters:                       # top level; one per environment name ECS services use
 *     production:
 *       network: { vpcId, taskSubnets, loadBalancerSubnets, loadBalancerScheme, assignPublicIp }
 *       https: { certificateArn, sslPolicy }   # optional: HTTPS listener, :80 redirects to it
 *       deletionProtection: true
 *       idleTimeoutSeconds: 60
 *   services:
 *     rails-app:
 *       port: 8080
 *       processes:                  # optional; default { web: {} } (the image's CMD)
 *         web: {}                   # the process named "web" serves HTTP on `port`
 *         sidekiq: { command: [bundle, exec, sidekiq], stopTimeoutSeconds: 120 }
 *       environments:
 *         production:
 *           kind: ecs
 *           cluster: production     # default: the environment's name
 *           http: { hosts: [rails.acme.io], paths: ["/*"], healthCheckPath: /health }
 *           cpu: 512
 *           memory: 1024
 *           count: { min: 2, max: 6, cpuTarget: 70 }   # or an integer
 *           processes: { sidekiq: { count: 1, cpu: 1024, memory: 2048 } }
 *           exec: false
 *           deployment: { minHealthyPercent: 100, maxPercent: 200 }
 *           variables: { RAILS_ENV: production }
 *           secrets: { DATABASE_URL: secretsmanager:rails/db:url }
 */
import type { SecretRef, SmokeTest } from "../../config/environment-parts";

export type { Process } from "../../config/environment-parts";

/** How many tasks: a fixed count (min = max, no scaling) or target tracking between min and max. */
export interface TaskCount {
  readonly min: number;
  readonly max: number;
  /** Target tracking on average CPU (percent); set whenever min < max (default 70). */
  readonly cpuTarget?: number;
  /** Target tracking on ALB requests per target (HTTP process only). */
  readonly requestsPerTarget?: number;
}

/** One process's settings in one environment (environment defaults + processes.<p> overrides). */
export interface EcsProcessSettings {
  readonly cpu: number;
  readonly memory: number;
  readonly count: TaskCount;
}

export interface EcsHttp {
  /** Lower-cased, sorted, unique; empty: any host. */
  readonly hosts: readonly string[];
  /** Unique, in catalogue order; default ["/*"]. */
  readonly paths: readonly string[];
  readonly healthCheckPath: string;
  /** Target group deregistration delay (default 30 s, not AWS's 300 s). */
  readonly deregistrationDelaySeconds: number;
  /** ECS health-check grace period (default 60 s). */
  readonly healthCheckGracePeriodSeconds: number;
  /** An explicit listener-rule priority (resolves a refused clash); undefined: derived. */
  readonly priority?: number;
}

/** services.<s>.environments.<e> with kind: ecs, loaded. */
export interface EcsEnvironment {
  readonly name: string;
  readonly kind: "ecs";
  readonly approval: boolean;
  /** The clusters entry it runs in (default: the environment's name). */
  readonly cluster: string;
  /** Present when the service has a "web" process (required then). */
  readonly http?: EcsHttp;
  /** Every process of the service, by name, with its resolved settings. */
  readonly processes: Readonly<Record<string, EcsProcessSettings>>;
  readonly exec: boolean;
  readonly deployment: {
    readonly minHealthyPercent: number;
    readonly maxPercent: number;
  };
  readonly variables: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, SecretRef>>;
  /** Left out: no smoke test (the loader applies the default, config/gates.ts). */
  readonly smokeTest?: SmokeTest;
}

/** clusters.<name>, loaded: one ECS cluster and one shared Application Load Balancer. */
export interface Cluster {
  readonly name: string;
  readonly network: {
    readonly vpcId: string;
    readonly taskSubnets: readonly string[];
    readonly loadBalancerSubnets: readonly string[];
    readonly loadBalancerScheme: "public" | "internal";
    /** Tasks get a public IP (public subnets without a NAT gateway); default false. */
    readonly assignPublicIp: boolean;
  };
  /** HTTPS listener (TLS 1.3 policy); :80 then redirects. Without: HTTP only on :80. */
  readonly https?: {
    readonly certificateArn: string;
    readonly sslPolicy: string;
  };
  readonly deletionProtection: boolean;
  readonly idleTimeoutSeconds: number;
}

// The clusters section, loaded into the Catalogue and outlined for the name checks (its loader:
// DeployTarget.sections in ./index.ts).
// Its environment type joins the catalogue's Environment union, under its kind.
declare module "../sections" {
  interface EnvironmentKinds {
    readonly ecs: EcsEnvironment;
  }
  interface TargetSections {
    /** The ECS clusters section, sorted by name. */
    readonly clusters: readonly Cluster[];
  }
  interface TargetSectionOutlines {
    /** The clusters section's names (each cluster's names derive from its own). */
    readonly clusters: readonly { readonly name: string }[];
  }
}
